package org.carbonregistry.reporting.projection;

import org.carbonregistry.events.SerialBlock;

import java.util.ArrayList;
import java.util.List;

/** Serial blocks as stored in a column: {@code first-last,first-last}, in the order given. */
public final class SerialBlocksText {

    private SerialBlocksText() {
    }

    public static String format(List<SerialBlock> blocks) {
        StringBuilder text = new StringBuilder(blocks.size() * 16);
        for (SerialBlock block : blocks) {
            if (!text.isEmpty()) {
                text.append(',');
            }
            text.append(block.first()).append('-').append(block.last());
        }
        return text.toString();
    }

    public static List<SerialBlock> parse(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        List<SerialBlock> blocks = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int comma = text.indexOf(',', start);
            int end = comma < 0 ? text.length() : comma;
            int dash = text.indexOf('-', start);
            if (dash < 0 || dash > end) {
                throw new IllegalArgumentException("not a serial block list: " + text);
            }
            blocks.add(new SerialBlock(Long.parseLong(text, start, dash, 10), Long.parseLong(text, dash + 1, end, 10)));
            start = end + 1;
        }
        return blocks;
    }
}
