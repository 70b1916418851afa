package org.carbonregistry.reporting.testing;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.ReaderException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Map;

/** Reads PDFs back the way a person or a phone would: their text, and the QR code on a rendered page. */
public final class Pdfs {

    private Pdfs() {
    }

    public static String text(byte[] pdf) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(document);
        }
    }

    public static int pages(byte[] pdf) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return document.getNumberOfPages();
        }
    }

    /**
     * Renders the page at 150 dpi, and at 300 if that does not decode, and decodes the QR code on it with zxing, as a
     * phone held nearer would. At 150 dpi a module is about 6 pixels, and where its edges fall between pixels depends
     * on where the text above put the code: one such rendering in a CI run decoded nothing.
     */
    public static String qrCode(byte[] pdf, int page) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            PDFRenderer renderer = new PDFRenderer(document);
            ReaderException lastFailure = null;
            for (int dpi : new int[] {150, 300}) {
                BufferedImage image = renderer.renderImageWithDPI(page, dpi, ImageType.GRAY);
                BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image)));
                try {
                    return new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE)).getText();
                } catch (ReaderException e) {
                    lastFailure = e;
                }
            }
            throw new AssertionError("no readable QR code on page " + page + " at 150 or 300 dpi: " + lastFailure,
                    lastFailure);
        }
    }
}
