package org.carbonregistry.registry.batch;

import org.carbonregistry.events.SerialBlock;
import org.carbonregistry.registry.rules.CommandRefused;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * The registry's buffer pool: one registry-wide account that receives a share of a batch at issuance and gives
 * it up only to compensate a reversal of the batch's project. Its credits never move otherwise.
 */
public final class BufferPool {

    /** The buffer's account id, opened at the registry's first start beside the operator's own account. */
    public static final String ACCOUNT = "registry-buffer";
    static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    /** Hundredths of a percent are the finest share a programme states (e.g. 12.25%). */
    static final int MAX_FRACTION_DIGITS = 2;

    private BufferPool() {
    }

    /** The percent as recorded: 0 to 100 with at most two decimals; null when none is given. */
    static BigDecimal requirePercent(BigDecimal percent) {
        if (percent == null) {
            return null;
        }
        if (percent.signum() < 0 || percent.compareTo(HUNDRED) > 0) {
            throw CommandRefused.unprocessable("bufferPercent must be from 0 to 100, was " + percent.toPlainString());
        }
        BigDecimal plain = percent.stripTrailingZeros();
        if (plain.scale() > MAX_FRACTION_DIGITS) {
            throw CommandRefused.unprocessable("bufferPercent has at most " + MAX_FRACTION_DIGITS
                    + " decimals, was " + percent.toPlainString());
        }
        return plain.scale() < 0 ? plain.setScale(0) : plain;
    }

    /** The buffer's share of {@code issued} credits, rounded down: the buffer never takes more than the percent. */
    static long share(long issued, BigDecimal percent) {
        return BigDecimal.valueOf(issued).multiply(percent).divide(HUNDRED, 0, RoundingMode.FLOOR).longValueExact();
    }

    /** The buffer takes the top of the issued range, so the recipient keeps the batch's first serials. */
    static List<SerialBlock> topOf(SerialBlock issued, long quantity) {
        return List.of(new SerialBlock(issued.last() - quantity + 1, issued.last()));
    }
}
