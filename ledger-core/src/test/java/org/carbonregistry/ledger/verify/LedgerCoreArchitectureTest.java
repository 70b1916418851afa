package org.carbonregistry.ledger.verify;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The log's core (Merkle tree, checkpoints, offline verifier) runs without a framework. */
class LedgerCoreArchitectureTest {

    static JavaClasses ledgerCore;

    @BeforeAll
    static void importProductionClasses() {
        ledgerCore = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.carbonregistry.ledger.merkle", "org.carbonregistry.ledger.checkpoint",
                        "org.carbonregistry.ledger.verify", "org.carbonregistry.ledger.tiles",
                        "org.carbonregistry.ledger.policy");
    }

    @Test
    void noSpringInTheMerkleTreeCheckpointsOrVerifier() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta..", "org.apache.kafka..")
                .check(ledgerCore);
    }

    @Test
    void theMerkleTreeAndCheckpointsNeedNoJsonLibrary() {
        noClasses().that().resideInAnyPackage("org.carbonregistry.ledger.merkle..", "org.carbonregistry.ledger.checkpoint..",
                        "org.carbonregistry.ledger.tiles..", "org.carbonregistry.ledger.policy..")
                .should().dependOnClassesThat().resideInAnyPackage("com.fasterxml..")
                .check(ledgerCore);
    }

    @Test
    void theMerkleTreeKnowsNothingOfCheckpointsOrTheVerifier() {
        noClasses().that().resideInAPackage("org.carbonregistry.ledger.merkle..")
                .should().dependOnClassesThat().resideInAnyPackage("org.carbonregistry.ledger.checkpoint..",
                        "org.carbonregistry.ledger.verify..")
                .check(ledgerCore);
    }
}
