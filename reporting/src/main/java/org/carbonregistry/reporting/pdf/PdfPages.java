package org.carbonregistry.reporting.pdf;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes text top to bottom onto pages of a {@link PDDocument}, wrapping long lines and starting a new page when
 * one is full, so that a report of any length can be written a row at a time. Text is limited to what the
 * standard Helvetica and Courier fonts can show (WinAnsi); anything else is printed as '?', never an error.
 */
public final class PdfPages implements Closeable {

    public static final PDFont REGULAR = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    public static final PDFont BOLD = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
    public static final PDFont MONO = new PDType1Font(Standard14Fonts.FontName.COURIER);

    private static final float LEADING = 1.3f;
    private static final Boolean[] ENCODABLE = new Boolean[0x10000];

    private final PDDocument document;
    private final PDRectangle pageSize;
    private final float margin;
    private final String footer;
    private PDPageContentStream content;
    private PDPage page;
    private float y;
    private int pageNumber;

    public PdfPages(PDDocument document, PDRectangle pageSize, float margin, String footer) {
        this.document = document;
        this.pageSize = pageSize;
        this.margin = margin;
        this.footer = footer;
    }

    public void newPage(PDRectangle size) throws IOException {
        closeContent();
        page = new PDPage(size);
        document.addPage(page);
        content = new PDPageContentStream(document, page);
        pageNumber++;
        y = size.getHeight() - margin;
        if (footer != null) {
            String text = safe(footer + "  -  page " + pageNumber);
            content.beginText();
            content.setFont(REGULAR, 7);
            content.newLineAtOffset(margin, margin / 2);
            content.showText(text);
            content.endText();
        }
    }

    public void newPage() throws IOException {
        newPage(pageSize);
    }

    public float width() {
        return page.getMediaBox().getWidth() - 2 * margin;
    }

    public float margin() {
        return margin;
    }

    public float y() {
        return y;
    }

    public PDPageContentStream content() {
        return content;
    }

    /** Moves down, starting a new page if less than {@code height} is left. */
    public void ensureSpace(float height) throws IOException {
        if (page == null || y - height < margin) {
            newPage(page == null ? pageSize : page.getMediaBox());
        }
    }

    public void gap(float height) throws IOException {
        ensureSpace(height);
        y -= height;
    }

    /** A paragraph, wrapped to the page width. */
    public void text(PDFont font, float size, String text) throws IOException {
        textIndented(0, font, size, text);
    }

    public void textIndented(float indent, PDFont font, float size, String text) throws IOException {
        for (String line : wrap(font, size, safe(text), width() - indent)) {
            ensureSpace(size * LEADING);
            y -= size * LEADING;
            show(margin + indent, y, font, size, line);
        }
    }

    /** A label and a value beside it; the value wraps within its column. */
    public void keyValue(String key, String value, float keyWidth, float size) throws IOException {
        List<String> lines = wrap(REGULAR, size, safe(value == null ? "-" : value), width() - keyWidth);
        ensureSpace(size * LEADING);
        y -= size * LEADING;
        show(margin, y, BOLD, size, safe(key));
        for (int i = 0; i < lines.size(); i++) {
            if (i > 0) {
                ensureSpace(size * LEADING);
                y -= size * LEADING;
            }
            show(margin + keyWidth, y, REGULAR, size, lines.get(i));
        }
    }

    private void show(float x, float baseline, PDFont font, float size, String line) throws IOException {
        content.beginText();
        content.setFont(font, size);
        content.newLineAtOffset(x, baseline);
        content.showText(line);
        content.endText();
    }

    /** Splits at spaces where possible, else mid-word, so that no line is wider than {@code width}. */
    public static List<String> wrap(PDFont font, float size, String text, float width) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String paragraph : text.split("\n", -1)) {
            String rest = paragraph;
            while (widthOf(font, size, rest) > width) {
                int cut = rest.length();
                while (cut > 1 && widthOf(font, size, rest.substring(0, cut)) > width) {
                    cut--;
                }
                int space = rest.lastIndexOf(' ', cut);
                int end = space > 0 ? space : cut;
                lines.add(rest.substring(0, end));
                rest = rest.substring(space > 0 ? end + 1 : end);
            }
            lines.add(rest);
        }
        return lines;
    }

    public static float widthOf(PDFont font, float size, String text) throws IOException {
        return font.getStringWidth(text) / 1000 * size;
    }

    /** The text with every character the standard fonts cannot show replaced by '?' and control characters by spaces. */
    public static String safe(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                out.append('\n');
            } else if (c < 0x20) {
                out.append(' ');
            } else if (Character.isSurrogate(c)) {
                out.append('?');
            } else {
                out.append(encodable(c) ? c : '?');
            }
        }
        return out.toString();
    }

    private static boolean encodable(char c) {
        Boolean known = ENCODABLE[c];
        if (known == null) {
            try {
                REGULAR.encode(String.valueOf(c));
                known = true;
            } catch (IllegalArgumentException | IOException e) {
                known = false;
            }
            ENCODABLE[c] = known;
        }
        return known;
    }

    private void closeContent() throws IOException {
        if (content != null) {
            content.close();
            content = null;
        }
    }

    @Override
    public void close() {
        try {
            closeContent();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
