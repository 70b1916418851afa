package org.carbonregistry.ledger.verify;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The jar's command-line tools ({@code verify}, {@code audit}) run without starting Spring, so they must not need
 * it; and the framework-free core must not reach into the service around it.
 */
class LedgerToolsArchitectureTest {

    static final JavaClasses LEDGER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.carbonregistry.ledger");

    @Test
    void theCommandLineAndTheAuditNeedNoSpringAndNoKafka() {
        noClasses().that().resideInAnyPackage("org.carbonregistry.ledger.audit..", "org.carbonregistry.ledger.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta..", "org.apache.kafka..")
                .check(LEDGER);
    }

    @Test
    void theCoreKnowsNothingOfTheService() {
        noClasses().that().resideInAnyPackage("org.carbonregistry.ledger.merkle..", "org.carbonregistry.ledger.checkpoint..",
                        "org.carbonregistry.ledger.verify..")
                .should().dependOnClassesThat().resideInAnyPackage("org.carbonregistry.ledger.storage..",
                        "org.carbonregistry.ledger.sequencer..", "org.carbonregistry.ledger.proof..",
                        "org.carbonregistry.ledger.witness..", "org.carbonregistry.ledger.audit..", "org.carbonregistry.ledger.cli..")
                .check(LEDGER);
    }
}
