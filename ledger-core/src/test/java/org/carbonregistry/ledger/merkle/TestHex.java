package org.carbonregistry.ledger.merkle;

import java.util.HexFormat;
import java.util.List;

final class TestHex {

    private TestHex() {
    }

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    static List<String> hexes(List<byte[]> hashes) {
        return hashes.stream().map(HexFormat.of()::formatHex).toList();
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
