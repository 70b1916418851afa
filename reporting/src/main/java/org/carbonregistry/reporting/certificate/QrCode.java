package org.carbonregistry.reporting.certificate;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import org.apache.pdfbox.pdmodel.PDPageContentStream;

import java.awt.Color;
import java.io.IOException;
import java.util.Map;

/** A QR code drawn as vector squares (one rectangle per run of dark modules), so it stays sharp at any zoom. */
public final class QrCode {

    /** White space around the code, in modules, as the QR specification asks. */
    private static final int QUIET_ZONE = 4;

    private final BitMatrix modules;

    private QrCode(BitMatrix modules) {
        this.modules = modules;
    }

    public static QrCode of(String text) {
        try {
            return new QrCode(new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0, Map.of(
                    EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M,
                    EncodeHintType.CHARACTER_SET, "UTF-8",
                    EncodeHintType.MARGIN, 0)));
        } catch (WriterException e) {
            throw new IllegalArgumentException("cannot encode a QR code for " + text, e);
        }
    }

    /** Draws the code with its quiet zone into the square of side {@code size} whose lower left corner is (x, y). */
    public void draw(PDPageContentStream content, float x, float y, float size) throws IOException {
        int count = modules.getWidth();
        float module = size / (count + 2 * QUIET_ZONE);
        float left = x + QUIET_ZONE * module;
        float top = y + size - QUIET_ZONE * module;
        content.setNonStrokingColor(Color.WHITE);
        content.addRect(x, y, size, size);
        content.fill();
        content.setNonStrokingColor(Color.BLACK);
        for (int row = 0; row < count; row++) {
            int column = 0;
            while (column < count) {
                if (!modules.get(column, row)) {
                    column++;
                    continue;
                }
                int start = column;
                while (column < count && modules.get(column, row)) {
                    column++;
                }
                content.addRect(left + start * module, top - (row + 1) * module, (column - start) * module, module);
            }
        }
        content.fill();
    }
}
