package org.carbonregistry.ledger.tiles;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where a tile lives (c2sp.org/tlog-tiles): a Merkle tile {@code tile/<L>/<N>[.p/<W>]} holding 32-byte hashes, or an
 * entry bundle {@code tile/entries/<N>[.p/<W>]} holding the level 0 tile's entries. {@code width} is 256 for a full
 * tile and 1 to 255 for a partial one. {@link #path()} and {@link #parse(String)} accept exactly one spelling of each
 * address, so a path is a cache key and never an alias.
 */
public record TileAddress(Kind kind, int level, long index, int width) {

    /** Merkle tiles hold hashes; entry bundles hold the entries of the level 0 tile with the same index. */
    public enum Kind { HASHES, ENTRIES }

    /** Highest tile level the spec allows. */
    public static final int MAX_LEVEL = 63;

    private static final Pattern DECIMAL_LEVEL = Pattern.compile("0|[1-9][0-9]?");
    private static final Pattern PARTIAL_WIDTH = Pattern.compile("[1-9][0-9]{0,2}");
    private static final Pattern INNER_ELEMENT = Pattern.compile("x[0-9]{3}");
    private static final Pattern LAST_ELEMENT = Pattern.compile("[0-9]{3}");

    public TileAddress {
        if (kind == null) {
            throw new IllegalArgumentException("tile kind is missing");
        }
        if (level < 0 || level > MAX_LEVEL || (kind == Kind.ENTRIES && level != 0)) {
            throw new TileFormatException(kind == Kind.ENTRIES ? "entry bundles are level 0 tiles, not level " + level
                    : "tile level must be between 0 and " + MAX_LEVEL + ", was " + level);
        }
        if (index < 0 || index > Long.MAX_VALUE / Tiles.WIDTH) {
            // A log of at most 2^63-1 entries has no tile further right; firstNode() stays a long.
            throw new TileFormatException("tile index must be between 0 and " + Long.MAX_VALUE / Tiles.WIDTH + ", was " + index);
        }
        if (width < 1 || width > Tiles.WIDTH) {
            throw new TileFormatException("tile width must be between 1 and " + Tiles.WIDTH + ", was " + width);
        }
    }

    /** The Merkle tile {@code tile/<level>/<index>}, partial when {@code width < 256}. */
    public static TileAddress hashes(int level, long index, int width) {
        return new TileAddress(Kind.HASHES, level, index, width);
    }

    /** The entry bundle {@code tile/entries/<index>}, partial when {@code width < 256}. */
    public static TileAddress entries(long index, int width) {
        return new TileAddress(Kind.ENTRIES, 0, index, width);
    }

    public boolean isPartial() {
        return width < Tiles.WIDTH;
    }

    /** The same tile as a full one: clients may fetch it when a partial tile is gone. */
    public TileAddress full() {
        return new TileAddress(kind, level, index, Tiles.WIDTH);
    }

    /** Index of the first tree node (at tree level {@code 8 * level}) this tile holds: {@code index * 256}. */
    public long firstNode() {
        return index * Tiles.WIDTH;
    }

    /** The path relative to the log's prefix, e.g. {@code tile/0/x001/x234/067.p/8}. */
    public String path() {
        String prefix = kind == Kind.ENTRIES ? "tile/entries/" : "tile/" + level + "/";
        return prefix + encodeIndex(index) + (isPartial() ? ".p/" + width : "");
    }

    /**
     * Encodes a tile index as zero-padded 3-digit path elements, all but the last prefixed with {@code x}:
     * 1234067 is {@code x001/x234/067}, 0 is {@code 000}.
     */
    public static String encodeIndex(long index) {
        if (index < 0) {
            throw new TileFormatException("tile index must not be negative, was " + index);
        }
        String last = String.format("%03d", index % 1000);
        StringBuilder path = new StringBuilder();
        for (long rest = index / 1000; rest > 0; rest /= 1000) {
            path.insert(0, String.format("x%03d/", rest % 1000));
        }
        return path.append(last).toString();
    }

    /** Decodes what {@link #encodeIndex(long)} writes; any other spelling (e.g. {@code x000/001}) is refused. */
    public static long decodeIndex(String elements) {
        String[] parts = elements.split("/", -1);
        long index = 0;
        for (int i = 0; i < parts.length; i++) {
            boolean last = i == parts.length - 1;
            if (!(last ? LAST_ELEMENT : INNER_ELEMENT).matcher(parts[i]).matches()) {
                throw new TileFormatException("tile index element '" + parts[i] + "' is not "
                        + (last ? "three digits" : "'x' and three digits") + " in '" + elements + "'");
            }
            try {
                index = Math.addExact(Math.multiplyExact(index, 1000L), Long.parseLong(parts[i].substring(last ? 0 : 1)));
            } catch (ArithmeticException e) {
                throw new TileFormatException("tile index '" + elements + "' is too large");
            }
        }
        if (!encodeIndex(index).equals(elements)) {
            throw new TileFormatException("tile index '" + elements + "' is not in its canonical form " + encodeIndex(index));
        }
        return index;
    }

    /**
     * Parses a path relative to the log's prefix ({@code tile/<L>/<N>[.p/<W>]} or {@code tile/entries/<N>[.p/<W>]}),
     * accepting only the spelling {@link #path()} writes.
     */
    public static TileAddress parse(String path) {
        if (path == null || !path.startsWith("tile/")) {
            throw new TileFormatException("a tile path starts with 'tile/': " + path);
        }
        List<String> elements = new ArrayList<>(List.of(path.substring("tile/".length()).split("/", -1)));
        if (elements.size() < 2) {
            throw new TileFormatException("a tile path is tile/<L>/<N>[.p/<W>] or tile/entries/<N>[.p/<W>]: " + path);
        }
        String levelElement = elements.remove(0);
        Kind kind = levelElement.equals("entries") ? Kind.ENTRIES : Kind.HASHES;
        int level = 0;
        if (kind == Kind.HASHES) {
            if (!DECIMAL_LEVEL.matcher(levelElement).matches() || Integer.parseInt(levelElement) > MAX_LEVEL) {
                throw new TileFormatException("tile level '" + levelElement + "' is not a decimal from 0 to " + MAX_LEVEL
                        + " without leading zeros (or 'entries')");
            }
            level = Integer.parseInt(levelElement);
        }
        int width = Tiles.WIDTH;
        int lastIndexElement = elements.size() - 1;
        if (elements.size() >= 2 && elements.get(elements.size() - 2).endsWith(".p")) {
            String widthElement = elements.get(elements.size() - 1);
            if (!PARTIAL_WIDTH.matcher(widthElement).matches() || Integer.parseInt(widthElement) >= Tiles.WIDTH) {
                throw new TileFormatException("partial tile width '" + widthElement
                        + "' is not a decimal from 1 to 255 without leading zeros");
            }
            width = Integer.parseInt(widthElement);
            String indexLast = elements.get(elements.size() - 2);
            elements.set(elements.size() - 2, indexLast.substring(0, indexLast.length() - ".p".length()));
            lastIndexElement = elements.size() - 2;
        }
        long index = decodeIndex(String.join("/", elements.subList(0, lastIndexElement + 1)));
        return new TileAddress(kind, level, index, width);
    }

    @Override
    public String toString() {
        return path();
    }
}
