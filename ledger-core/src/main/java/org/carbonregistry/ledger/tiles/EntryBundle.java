package org.carbonregistry.ledger.tiles;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Entry bundle codec (c2sp.org/tlog-tiles): each entry as a big-endian uint16 length followed by its bytes. */
public final class EntryBundle {

    /** Largest entry a uint16 length can prefix. */
    public static final int MAX_ENTRY_SIZE = 0xFFFF;

    private EntryBundle() {
    }

    public static byte[] encode(List<byte[]> entries) {
        if (entries.size() > Tiles.WIDTH) {
            throw new TileFormatException("an entry bundle holds at most " + Tiles.WIDTH + " entries, not " + entries.size());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < entries.size(); i++) {
            byte[] entry = entries.get(i);
            if (entry.length > MAX_ENTRY_SIZE) {
                throw new TileFormatException("entry " + i + " of the bundle is " + entry.length
                        + " bytes; a uint16 length prefix allows at most " + MAX_ENTRY_SIZE);
            }
            out.write(entry.length >>> 8);
            out.write(entry.length & 0xFF);
            out.writeBytes(entry);
        }
        return out.toByteArray();
    }

    /** The entries of a bundle; a truncated length or entry is refused, naming where. */
    public static List<byte[]> decode(byte[] bundle) {
        List<byte[]> entries = new ArrayList<>();
        int position = 0;
        while (position < bundle.length) {
            if (bundle.length - position < 2) {
                throw new TileFormatException("entry bundle ends inside the length of entry " + entries.size());
            }
            int length = ((bundle[position] & 0xFF) << 8) | (bundle[position + 1] & 0xFF);
            position += 2;
            if (bundle.length - position < length) {
                throw new TileFormatException("entry " + entries.size() + " of the bundle claims " + length
                        + " bytes, only " + (bundle.length - position) + " are left");
            }
            entries.add(Arrays.copyOfRange(bundle, position, position + length));
            position += length;
        }
        if (entries.size() > Tiles.WIDTH) {
            throw new TileFormatException("an entry bundle holds at most " + Tiles.WIDTH + " entries, not " + entries.size());
        }
        return entries;
    }
}
