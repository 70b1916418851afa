package org.carbonregistry.registry.imports;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * What the registry calls a programme's thing: {@code account:verra} is the account that holds Verra's imports,
 * {@code project:verra:1340} the project registered for Verra's project 1340. The id is drawn and kept before
 * the command that creates it, so a second import finds it whether or not the first got that far.
 */
@Entity
@Table(name = "import_key")
class ImportedKey {

    @Id
    private String externalKey;
    private String registryId;

    protected ImportedKey() {
    }

    ImportedKey(String externalKey, String registryId) {
        this.externalKey = externalKey;
        this.registryId = registryId;
    }

    String registryId() {
        return registryId;
    }
}
