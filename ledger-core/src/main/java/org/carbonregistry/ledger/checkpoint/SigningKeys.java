package org.carbonregistry.ledger.checkpoint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Set;

/**
 * The log's Ed25519 signing key in a file: PKCS#8 (RFC 8410), PEM ({@code -----BEGIN PRIVATE
 * KEY-----}, as {@code openssl genpkey -algorithm ed25519} writes) or DER.
 *
 * <p>Only the private key is stored. The public key is derived from its 32-byte seed by
 * {@link Ed25519#keyPairFromSeed(byte[])}, which checks the derivation, so there is no second file
 * that could fall out of step with the first.
 */
public final class SigningKeys {

    private static final String PEM_BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String PEM_END = "-----END PRIVATE KEY-----";
    private static final Set<PosixFilePermission> OWNER_READ_WRITE = PosixFilePermissions.fromString("rw-------");

    private SigningKeys() {
    }

    /**
     * Loads the key in {@code file}, or generates one and writes it there (owner read/write only)
     * if the file does not exist. If another process creates the file first, its key is used.
     */
    public static KeyPair loadOrGenerate(Path file) throws IOException {
        if (Files.exists(file)) {
            return load(file);
        }
        KeyPair generated = Ed25519.generate();
        try {
            write(file, generated.getPrivate());
            return generated;
        } catch (FileAlreadyExistsException raced) {
            return load(file);
        }
    }

    /** Loads an Ed25519 private key from a PKCS#8 PEM or DER file and derives its public key. */
    public static KeyPair load(Path file) throws IOException {
        byte[] content = Files.readAllBytes(file);
        try {
            return fromPkcs8(isPem(content) ? pemBody(content) : content);
        } catch (IllegalArgumentException e) {
            throw new IOException("cannot read an Ed25519 private key from " + file + ": " + e.getMessage(), e);
        }
    }

    /** Decodes a PKCS#8 DER Ed25519 private key and derives its public key. */
    public static KeyPair fromPkcs8(byte[] der) {
        PrivateKey privateKey;
        try {
            privateKey = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a PKCS#8 Ed25519 private key (" + e.getMessage() + ")", e);
        }
        return Ed25519.keyPairFromSeed(Ed25519.seed(privateKey));
    }

    /**
     * Writes {@code privateKey} as PEM to {@code file}, which must not exist yet, readable and
     * writable by its owner only. The key is written to a temporary file first and then linked into
     * place, so a reader never sees half a key.
     */
    public static void write(Path file, PrivateKey privateKey) throws IOException {
        Path target = file.toAbsolutePath();
        Path directory = target.getParent();
        Files.createDirectories(directory);
        boolean posix = directory.getFileSystem().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] attributes = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE)}
                : new FileAttribute<?>[0];
        Path temporary = Files.createTempFile(directory, ".signing-key", ".tmp", attributes);
        try {
            Files.writeString(temporary, toPem(privateKey), StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
            try {
                Files.createLink(target, temporary); // fails if the target exists: never replace a key
            } catch (UnsupportedOperationException noHardLinks) {
                if (Files.exists(target)) {
                    throw new FileAlreadyExistsException(target.toString());
                }
                Files.move(temporary, target);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** PEM of a private key in PKCS#8. */
    public static String toPem(PrivateKey privateKey) {
        byte[] der = Ed25519.pkcs8(Ed25519.seed(privateKey));
        return PEM_BEGIN + "\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der) + "\n" + PEM_END + "\n";
    }

    private static boolean isPem(byte[] content) {
        return new String(content, StandardCharsets.US_ASCII).strip().startsWith("-----BEGIN");
    }

    private static byte[] pemBody(byte[] content) {
        String text = new String(content, StandardCharsets.US_ASCII).strip();
        if (!text.startsWith(PEM_BEGIN) || !text.endsWith(PEM_END)) {
            throw new IllegalArgumentException("PEM must be one unencrypted " + PEM_BEGIN + " block");
        }
        String body = text.substring(PEM_BEGIN.length(), text.length() - PEM_END.length()).replaceAll("\\s", "");
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("PEM body is not base64", e);
        }
    }
}
