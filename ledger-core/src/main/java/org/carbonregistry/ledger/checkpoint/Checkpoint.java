package org.carbonregistry.ledger.checkpoint;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.carbonregistry.ledger.checkpoint.NoteException.Reason;

/**
 * The ledger's checkpoint (c2sp.org/tlog-checkpoint): origin, tree size and root hash, and for every
 * checkpoint but the first one extension line {@code prev <base64 SHA-256 of the previous checkpoint's
 * full signed note>} that chains the checkpoints together:
 *
 * <pre>
 * &lt;origin&gt;\n
 * &lt;tree size, decimal&gt;\n
 * &lt;base64 root hash&gt;\n
 * prev &lt;base64 SHA-256 of the previous signed note&gt;\n
 * </pre>
 *
 * The origin follows the key-name rules (non-empty, no spaces, no plus) so the log can sign with its
 * origin as key name, as the spec recommends. Any other extension line is refused: this record could
 * not represent it, and a verifier must not ignore signed content.
 */
public record Checkpoint(String origin, long treeSize, byte[] rootHash, Optional<byte[]> prevNoteHash) {

    public static final int HASH_SIZE = 32;
    private static final String PREV_PREFIX = "prev ";
    private static final Pattern DECIMAL = Pattern.compile("0|[1-9][0-9]{0,18}");

    public Checkpoint {
        if (!NoteText.isValidName(origin)) {
            throw new IllegalArgumentException("origin must be non-empty without spaces, plus signs or control characters: " + origin);
        }
        if (treeSize < 0) {
            throw new IllegalArgumentException("tree size must not be negative, was " + treeSize);
        }
        rootHash = requireHash("root hash", rootHash);
        Objects.requireNonNull(prevNoteHash, "prevNoteHash");
        prevNoteHash = prevNoteHash.map(hash -> requireHash("previous note hash", hash));
    }

    /** The first checkpoint of a log: no previous note. */
    public static Checkpoint first(String origin, long treeSize, byte[] rootHash) {
        return new Checkpoint(origin, treeSize, rootHash, Optional.empty());
    }

    /** The checkpoint after {@code previousSignedNote}, chained to it by its hash. */
    public static Checkpoint following(String previousSignedNote, String origin, long treeSize, byte[] rootHash) {
        return new Checkpoint(origin, treeSize, rootHash, Optional.of(noteHash(previousSignedNote)));
    }

    /** SHA-256 of a full signed note (text, blank line and signature lines) as UTF-8. */
    public static byte[] noteHash(String signedNote) {
        return Sha256.of(signedNote.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether this checkpoint names {@code previousSignedNote} as its predecessor. */
    public boolean follows(String previousSignedNote) {
        return prevNoteHash.isPresent() && MessageDigest.isEqual(prevNoteHash.get(), noteHash(previousSignedNote));
    }

    /** The note text that is signed, ending in a newline. */
    public String noteText() {
        StringBuilder text = new StringBuilder()
                .append(origin).append('\n')
                .append(treeSize).append('\n')
                .append(StdBase64.encode(rootHash)).append('\n');
        prevNoteHash.ifPresent(hash -> text.append(PREV_PREFIX).append(StdBase64.encode(hash)).append('\n'));
        return text.toString();
    }

    /** Parses checkpoint note text (without signatures), accepting only the exact form {@link #noteText()} writes. */
    public static Checkpoint parse(String noteText) throws NoteException {
        if (noteText == null || !noteText.endsWith("\n")) {
            throw malformed("checkpoint text must end with a newline");
        }
        String[] lines = noteText.substring(0, noteText.length() - 1).split("\n", -1);
        if (lines.length < 3 || lines.length > 4) {
            throw malformed("checkpoint must have 3 lines, or 4 with a prev line; has " + lines.length);
        }
        String origin = lines[0];
        if (!NoteText.isValidName(origin)) {
            throw malformed("checkpoint origin is empty or contains spaces, plus signs or control characters");
        }
        if (!DECIMAL.matcher(lines[1]).matches()) {
            throw malformed("checkpoint tree size is not a decimal without leading zeros: " + lines[1]);
        }
        long treeSize;
        try {
            treeSize = Long.parseLong(lines[1]);
        } catch (NumberFormatException e) {
            throw malformed("checkpoint tree size is too large: " + lines[1]);
        }
        byte[] root = decodeHash("root hash", lines[2]);
        Optional<byte[]> prev = Optional.empty();
        if (lines.length == 4) {
            if (!lines[3].startsWith(PREV_PREFIX)) {
                throw malformed("checkpoint has an unknown extension line: " + lines[3]);
            }
            prev = Optional.of(decodeHash("prev hash", lines[3].substring(PREV_PREFIX.length())));
        }
        return new Checkpoint(origin, treeSize, root, prev);
    }

    @Override
    public byte[] rootHash() {
        return rootHash.clone();
    }

    @Override
    public Optional<byte[]> prevNoteHash() {
        return prevNoteHash.map(byte[]::clone);
    }

    private static byte[] decodeHash(String what, String base64) throws NoteException {
        byte[] hash = StdBase64.decode(base64)
                .orElseThrow(() -> malformed("checkpoint " + what + " is not canonical base64: " + base64));
        if (hash.length != HASH_SIZE) {
            throw malformed("checkpoint " + what + " is " + hash.length + " bytes, not " + HASH_SIZE);
        }
        return hash;
    }

    private static byte[] requireHash(String what, byte[] hash) {
        if (hash == null || hash.length != HASH_SIZE) {
            throw new IllegalArgumentException(what + " must be " + HASH_SIZE + " bytes");
        }
        return hash.clone();
    }

    private static NoteException malformed(String message) {
        return new NoteException(Reason.MALFORMED_CHECKPOINT, message);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Checkpoint that && origin.equals(that.origin) && treeSize == that.treeSize
                && Arrays.equals(rootHash, that.rootHash)
                && prevNoteHash.isPresent() == that.prevNoteHash.isPresent()
                && (prevNoteHash.isEmpty() || Arrays.equals(prevNoteHash.get(), that.prevNoteHash.get()));
    }

    @Override
    public int hashCode() {
        return Objects.hash(origin, treeSize, Arrays.hashCode(rootHash), prevNoteHash.map(Arrays::hashCode).orElse(0));
    }

    @Override
    public String toString() {
        return "Checkpoint[origin=" + origin + ", treeSize=" + treeSize + ", rootHash=" + HexFormat.of().formatHex(rootHash)
                + prevNoteHash.map(hash -> ", prev=" + HexFormat.of().formatHex(hash)).orElse("") + "]";
    }
}
