package org.carbonregistry.reporting.esrs;

import org.carbonregistry.reporting.retirement.RetirementView;

import java.util.function.Consumer;

/** The report's annex, handed over a row at a time (from a database cursor, or from a list in tests). */
@FunctionalInterface
public interface AnnexRows {

    void forEach(Consumer<RetirementView> each);

    AnnexRows NONE = each -> { };
}
