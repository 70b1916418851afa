package org.carbonregistry.registry.batch;

import org.carbonregistry.registry.access.Caller;
import org.carbonregistry.registry.directory.Directory;
import org.carbonregistry.registry.rules.CommandRefused;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

@RestController
class HoldingsController {

    private final BatchViews views;
    private final Directory directory;

    HoldingsController(BatchViews views, Directory directory) {
        this.views = views;
        this.directory = directory;
    }

    /** {@code expired}: what the account held of a temporary-removal batch when it expired (no longer usable). */
    record HoldingResponse(String batchId, String serialPrefix, long quantity, List<SerialBlockResponse> serialBlocks,
                           long expired) {
    }

    @GetMapping("/api/accounts/{accountId}/holdings")
    @Transactional(readOnly = true)
    List<HoldingResponse> holdings(@AuthenticationPrincipal Caller caller, @PathVariable String accountId) {
        caller.requireCanRead(accountId);
        if (directory.account(accountId).isEmpty()) {
            throw CommandRefused.notFound("account " + accountId + " does not exist");
        }
        return views.holdingsOfAccount(accountId).stream()
                .map(h -> new HoldingResponse(h.holding().batchId(), h.serialPrefix(), h.holding().quantity(),
                        SerialBlockResponse.of(h.serialPrefix(), BatchViews.blocksOf(h.holding())), h.holding().expired()))
                .toList();
    }
}
