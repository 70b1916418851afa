package org.carbonregistry.ledger.checkpoint;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Character rules shared by notes, key names and checkpoints (c2sp.org/signed-note). */
final class NoteText {

    private NoteText() {
    }

    /**
     * A key name: non-empty, no Unicode space (Go's unicode.IsSpace), no plus, no control
     * character, and no unpaired surrogate (it must be valid UTF-8).
     */
    static boolean isValidName(String name) {
        if (name == null || name.isEmpty() || !isWellFormed(name)) {
            return false;
        }
        return name.codePoints().noneMatch(cp -> cp == '+' || cp < 0x20 || isUnicodeSpace(cp));
    }

    /** Valid UTF-8 text whose only control character is newline. */
    static boolean isValidNoteCharacters(String text) {
        return isWellFormed(text) && text.chars().noneMatch(c -> c < 0x20 && c != '\n');
    }

    /** Decodes UTF-8, refusing malformed bytes instead of replacing them. */
    static String decodeUtf8(byte[] bytes) throws NoteException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new NoteException(NoteException.Reason.MALFORMED_NOTE, "note is not valid UTF-8");
        }
    }

    private static boolean isWellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isUnicodeSpace(int cp) {
        return cp == '\t' || cp == '\n' || cp == 0x0B || cp == '\f' || cp == '\r' || cp == 0x85
                || Character.isSpaceChar(cp);
    }
}
