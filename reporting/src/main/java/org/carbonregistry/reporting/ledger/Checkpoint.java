package org.carbonregistry.reporting.ledger;

/**
 * The body of a C2SP checkpoint signed note: origin line, tree size, base64 root hash (further lines are
 * extensions, then a blank line and the signatures).
 */
public record Checkpoint(String origin, long treeSize, String rootHash) {

    public static Checkpoint parse(String note) {
        if (note == null) {
            throw new IllegalArgumentException("no checkpoint");
        }
        String[] lines = note.split("\n", -1);
        if (lines.length < 3 || lines[0].isEmpty()) {
            throw new IllegalArgumentException("a checkpoint has an origin, a tree size and a root hash line");
        }
        long size;
        try {
            size = Long.parseLong(lines[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("checkpoint tree size is not a number: " + lines[1]);
        }
        if (size < 0 || !lines[1].equals(Long.toString(size))) {
            throw new IllegalArgumentException("checkpoint tree size is not a decimal: " + lines[1]);
        }
        try {
            if (java.util.Base64.getDecoder().decode(lines[2]).length != 32) {
                throw new IllegalArgumentException("checkpoint root hash is not 32 bytes");
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("checkpoint root hash is not base64 SHA-256: " + lines[2], e);
        }
        return new Checkpoint(lines[0], size, lines[2]);
    }
}
