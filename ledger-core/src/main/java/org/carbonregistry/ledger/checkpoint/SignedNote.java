package org.carbonregistry.ledger.checkpoint;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.carbonregistry.ledger.checkpoint.NoteException.Reason;

/**
 * A signed note (c2sp.org/signed-note): text ending in a newline, a blank line, then one or more
 * signature lines. Parsing checks only the format; verifying is {@link NoteVerifier}'s job.
 */
public record SignedNote(String text, List<NoteSignature> signatures) {

    /** Notes with more signatures are refused, as by Go's note.Open; the spec asks for at least 16. */
    public static final int MAX_SIGNATURES = 100;

    public SignedNote {
        if (!isValidText(text)) {
            throw new IllegalArgumentException("note text must be non-empty, end in a newline and contain no control characters");
        }
        signatures = List.copyOf(signatures);
        if (signatures.isEmpty()) {
            throw new IllegalArgumentException("a signed note needs at least one signature");
        }
    }

    /** Parses a signed note from its UTF-8 bytes, refusing malformed UTF-8. */
    public static SignedNote parse(byte[] utf8) throws NoteException {
        return parse(NoteText.decodeUtf8(utf8));
    }

    public static SignedNote parse(String note) throws NoteException {
        if (note == null || !NoteText.isValidNoteCharacters(note)) {
            throw malformed("note contains control characters other than newline, or is not valid UTF-8");
        }
        // Signature lines cannot be empty, so the last blank line is the separator.
        int split = note.lastIndexOf("\n\n");
        if (split < 0) {
            throw malformed("note has no blank line before its signatures");
        }
        String text = note.substring(0, split + 1);
        String block = note.substring(split + 2);
        if (block.isEmpty() || !block.endsWith("\n")) {
            throw malformed("note must end with signature lines, each ending in a newline");
        }
        List<NoteSignature> signatures = new ArrayList<>();
        int position = 0;
        while (position < block.length()) {
            int end = block.indexOf('\n', position);
            signatures.add(parseLine(block.substring(position, end)));
            if (signatures.size() > MAX_SIGNATURES) {
                throw malformed("note has more than " + MAX_SIGNATURES + " signatures");
            }
            position = end + 1;
        }
        return new SignedNote(text, signatures);
    }

    private static NoteSignature parseLine(String line) throws NoteException {
        if (!line.startsWith(NoteSignature.LINE_PREFIX)) {
            throw malformed("signature line does not start with an em dash and a space: " + line);
        }
        String rest = line.substring(NoteSignature.LINE_PREFIX.length());
        int space = rest.indexOf(' ');
        if (space < 0) {
            throw malformed("signature line has no space between key name and signature: " + line);
        }
        String name = rest.substring(0, space);
        if (!NoteText.isValidName(name)) {
            throw malformed("signature line has an invalid key name: " + line);
        }
        byte[] payload = StdBase64.decode(rest.substring(space + 1))
                .orElseThrow(() -> malformed("signature is not canonical base64: " + line));
        if (payload.length < 5) {
            throw malformed("signature is shorter than a key id and one byte: " + line);
        }
        int keyId = ByteBuffer.wrap(payload).getInt();
        return new NoteSignature(name, keyId, Arrays.copyOfRange(payload, 4, payload.length));
    }

    /** The note as sent: text, blank line, signature lines. */
    public String encode() {
        StringBuilder note = new StringBuilder(text).append('\n');
        signatures.forEach(signature -> note.append(signature.line()));
        return note.toString();
    }

    /** The signature lines claiming to be by {@code key}. */
    public List<NoteSignature> signaturesBy(VerifierKey key) {
        return signatures.stream().filter(signature -> signature.isBy(key)).toList();
    }

    static boolean isValidText(String text) {
        return text != null && !text.isEmpty() && text.endsWith("\n") && NoteText.isValidNoteCharacters(text);
    }

    private static NoteException malformed(String message) {
        return new NoteException(Reason.MALFORMED_NOTE, message);
    }
}
