package org.carbonregistry.registry.project;

import org.carbonregistry.registry.directory.Directory;
import org.carbonregistry.registry.directory.ProjectEntry;
import org.carbonregistry.registry.web.ResultLimit;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * {@code GET /api/projects?q=&limit=}: the public list of projects, for the registry explorer. {@code q} matches
 * part of a name (ignoring case), or a whole project id, standard or country code.
 */
@RestController
class ProjectSearchController {

    private final Directory directory;

    ProjectSearchController(Directory directory) {
        this.directory = directory;
    }

    @GetMapping("/api/projects")
    @Transactional(readOnly = true)
    List<ProjectEntry> projects(@RequestParam(required = false) String q,
                                @RequestParam(required = false) Integer limit) {
        return directory.findProjects(q, ResultLimit.of(limit));
    }
}
