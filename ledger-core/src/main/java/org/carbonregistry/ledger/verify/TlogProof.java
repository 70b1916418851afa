package org.carbonregistry.ledger.verify;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.carbonregistry.ledger.checkpoint.StdBase64;
import org.carbonregistry.ledger.merkle.MerkleHash;

/**
 * A c2sp.org/tlog-proof@v1: an optional {@code extra} line, the entry's index, its inclusion proof (one base64 hash a
 * line) and, after an empty line, the checkpoint verbatim with its cosignatures. This ledger puts the entry itself,
 * the canonical envelope, in {@code extra}, so the proof alone gives the leaf hash; {@code extra} is not trusted
 * until the inclusion proof binds its hash to the signed root.
 */
public record TlogProof(Optional<byte[]> extra, long index, List<byte[]> inclusionProof, String checkpoint) {

    public static final String HEADER = "c2sp.org/tlog-proof@v1";
    private static final Pattern INDEX = Pattern.compile("index (0|[1-9][0-9]{0,18})");

    public TlogProof {
        Objects.requireNonNull(extra, "extra");
        extra = extra.map(byte[]::clone);
        if (index < 0) {
            throw new IllegalArgumentException("index must not be negative, was " + index);
        }
        inclusionProof = inclusionProof.stream().map(byte[]::clone).toList();
        Objects.requireNonNull(checkpoint, "checkpoint");
    }

    public String encode() {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        extra.ifPresent(bytes -> text.append("extra ").append(StdBase64.encode(bytes)).append('\n'));
        text.append("index ").append(index).append('\n');
        inclusionProof.forEach(hash -> text.append(StdBase64.encode(hash)).append('\n'));
        return text.append('\n').append(checkpoint).toString();
    }

    public static TlogProof parse(byte[] file) throws ProofDocumentException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(file)).toString();
        } catch (CharacterCodingException e) {
            throw new ProofDocumentException("the tlog-proof is not UTF-8");
        }
        return parse(text);
    }

    public static TlogProof parse(String text) throws ProofDocumentException {
        int position = 0;
        String line = lineAt(text, position);
        if (!HEADER.equals(line)) {
            throw new ProofDocumentException("the first line must be " + HEADER + ", is '" + line + "'");
        }
        position += line.length() + 1;
        Optional<byte[]> extra = Optional.empty();
        line = lineAt(text, position);
        if (line.startsWith("extra ")) {
            String encoded = line.substring("extra ".length());
            extra = Optional.of(StdBase64.decode(encoded)
                    .orElseThrow(() -> new ProofDocumentException("the extra line is not canonical base64")));
            position += line.length() + 1;
            line = lineAt(text, position);
        }
        var index = INDEX.matcher(line);
        if (!index.matches()) {
            throw new ProofDocumentException("expected 'index <decimal without leading zeros>', got '" + line + "'");
        }
        position += line.length() + 1;
        List<byte[]> proof = new ArrayList<>();
        for (line = lineAt(text, position); !line.isEmpty(); line = lineAt(text, position)) {
            byte[] hash = StdBase64.decode(line).orElse(null);
            if (hash == null || hash.length != MerkleHash.SIZE) {
                throw new ProofDocumentException("inclusion proof line " + (proof.size() + 1) + " is not a base64 "
                        + MerkleHash.SIZE + "-byte hash: '" + line + "'");
            }
            proof.add(hash);
            position += line.length() + 1;
        }
        position += 1;
        if (position >= text.length()) {
            throw new ProofDocumentException("the proof has no checkpoint after the empty line");
        }
        try {
            return new TlogProof(extra, Long.parseLong(index.group(1)), proof, text.substring(position));
        } catch (NumberFormatException e) {
            throw new ProofDocumentException("the index is too large: " + index.group(1));
        }
    }

    /** The line starting at {@code position}, without its newline; every line, the last included, ends in one. */
    private static String lineAt(String text, int position) throws ProofDocumentException {
        int end = position < text.length() ? text.indexOf('\n', position) : -1;
        if (end < 0) {
            throw new ProofDocumentException("the tlog-proof ends before its checkpoint (a line without a newline)");
        }
        return text.substring(position, end);
    }

    @Override
    public Optional<byte[]> extra() {
        return extra.map(byte[]::clone);
    }

    @Override
    public List<byte[]> inclusionProof() {
        return inclusionProof.stream().map(byte[]::clone).toList();
    }
}
