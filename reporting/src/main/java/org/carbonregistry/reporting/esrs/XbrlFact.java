package org.carbonregistry.reporting.esrs;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * One figure of an Inline XBRL report: tagged with an ESRS taxonomy element when {@code concept} is set, shown as a
 * plain table row when the taxonomy has no element that means the same (see the README).
 *
 * @param concept   the local name in the EFRAG ESRS 2023-12-22 taxonomy ({@code esrs:} namespace), or null
 * @param label     what a person reads in the table
 * @param reference the paragraph of the standard the figure answers
 * @param unit      tonnes of CO2e or a share
 * @param value     tonnes, or a share as a ratio (0.2500 for 25 %), as XBRL states percentItemType values
 */
public record XbrlFact(String concept, String label, String reference, Unit unit, BigDecimal value) {

    public enum Unit {
        /** UTR {@code tCO2e} (nsUnit http://www.xbrl.org/2009/utr, itemType ghgEmissionsItemType). */
        TONNES("tCO2e", "utr:tCO2e", 0, "t CO2e"),
        /** {@code xbrli:pure}: the UTR's unit of percentItemType; displayed as a percentage with scale -2. */
        SHARE("pure", "xbrli:pure", -2, "%");

        private final String id;
        private final String measure;
        private final int scale;
        private final String symbol;

        Unit(String id, String measure, int scale, String symbol) {
            this.id = id;
            this.measure = measure;
            this.scale = scale;
            this.symbol = symbol;
        }

        public String id() {
            return id;
        }

        public String measure() {
            return measure;
        }

        public int scale() {
            return scale;
        }

        public String symbol() {
            return symbol;
        }
    }

    public static XbrlFact tonnes(String concept, String label, String reference, long tonnes) {
        return new XbrlFact(concept, label, reference, Unit.TONNES, BigDecimal.valueOf(tonnes));
    }

    /** A share as a ratio with 4 decimals, as the JSON reports state shares. */
    public static XbrlFact share(String concept, String label, String reference, BigDecimal ratio) {
        return new XbrlFact(concept, label, reference, Unit.SHARE, ratio.setScale(4, RoundingMode.HALF_EVEN));
    }

    /** The text shown (and tagged): the value divided by 10^scale, so that value = shown x 10^scale. */
    public String shown() {
        return value.movePointLeft(unit.scale()).toPlainString();
    }

    /** XBRL decimals: of the value, not of the shown text (a share of 4 decimals shown as 25.00 %). */
    public int decimals() {
        return Math.max(value.scale(), 0);
    }
}
