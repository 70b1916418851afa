package org.carbonregistry.registry.imports;

import org.carbonregistry.events.Standard;
import org.carbonregistry.registry.rules.CommandRefused;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A programme registry whose public export can be imported: its name in {@code ?source=}, the standard its projects
 * are registered under, and the account that holds (and retires or cancels) what is imported from it.
 */
enum ImportSource {

    VERRA("verra", Standard.VCS, "Verra registry (imported)", "US", new VerraExport()),
    GOLD_STANDARD("gold-standard", Standard.GS, "Gold Standard registry (imported)", "CH", new GoldStandardExport());

    final String code;
    final Standard standard;
    final String accountName;
    /** where the programme is based: Verra in Washington DC, Gold Standard in Geneva */
    final String jurisdiction;
    final ExportFormat format;

    ImportSource(String code, Standard standard, String accountName, String jurisdiction, ExportFormat format) {
        this.code = code;
        this.standard = standard;
        this.accountName = accountName;
        this.jurisdiction = jurisdiction;
        this.format = format;
    }

    static ImportSource of(String code) {
        return Arrays.stream(values()).filter(s -> s.code.equals(code)).findFirst()
                .orElseThrow(() -> CommandRefused.invalid("source must be one of "
                        + Arrays.stream(values()).map(s -> s.code).collect(Collectors.joining(", "))
                        + ", was '" + code + "'"));
    }
}
