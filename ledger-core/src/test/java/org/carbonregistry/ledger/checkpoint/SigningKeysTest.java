package org.carbonregistry.ledger.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeysTest {

    // RFC 8410 section 10.3; its public key checked with `openssl pkey -pubout`.
    static final String RFC8410_PEM = "-----BEGIN PRIVATE KEY-----\n"
            + "MC4CAQAwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC\n"
            + "-----END PRIVATE KEY-----\n";
    static final String RFC8410_PUBLIC_KEY = "19bf44096984cdfe8541bac167dc3b96c85086aa30b6b6cb0c5c38ad703166e1";

    @TempDir
    Path directory;

    @Test
    void generatesAKeyReadableOnlyByItsOwnerAndLoadsTheSameKeyNextTime() throws Exception {
        Path file = directory.resolve("keys/ledger.pem");
        KeyPair generated = SigningKeys.loadOrGenerate(file);

        assertThat(Files.readString(file)).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (var leftovers = Files.list(file.getParent())) {
            assertThat(leftovers).containsExactly(file);
        }

        KeyPair loaded = SigningKeys.loadOrGenerate(file);
        assertThat(loaded.getPublic().getEncoded()).isEqualTo(generated.getPublic().getEncoded());
        assertThat(new NoteSigner("log", loaded).verifierKey()).isEqualTo(new NoteSigner("log", generated).verifierKey());
        String note = new NoteSigner("log", loaded).sign(Checkpoint.first("log", 1, new byte[32]));
        assertThat(new NoteSigner("log", generated).verifier().verify(note).treeSize()).isEqualTo(1);
    }

    @Test
    void loadsAnOpensslPemKeyAndDerivesItsPublicKey() throws Exception {
        Path file = directory.resolve("openssl.pem");
        Files.writeString(file, RFC8410_PEM);
        KeyPair pair = SigningKeys.load(file);
        assertThat(HexFormat.of().formatHex(Ed25519.rawPublicKey(pair.getPublic()))).isEqualTo(RFC8410_PUBLIC_KEY);
    }

    @Test
    void loadsADerKey() throws Exception {
        Path file = directory.resolve("key.der");
        Files.write(file, Base64.getDecoder().decode("MC4CAQAwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC"));
        assertThat(HexFormat.of().formatHex(Ed25519.rawPublicKey(SigningKeys.load(file).getPublic()))).isEqualTo(RFC8410_PUBLIC_KEY);
    }

    @Test
    void writesPemThatOpensslReadsBack() throws Exception {
        KeyPair pair = SigningKeys.load(write("openssl.pem", RFC8410_PEM));
        assertThat(SigningKeys.toPem(pair.getPrivate())).isEqualTo(RFC8410_PEM);
    }

    @Test
    void neverOverwritesAnExistingKey() throws Exception {
        Path file = write("existing.pem", RFC8410_PEM);
        assertThatThrownBy(() -> SigningKeys.write(file, Ed25519.generate().getPrivate()))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readString(file)).isEqualTo(RFC8410_PEM);
    }

    @Test
    void refusesFilesThatAreNotAnEd25519PrivateKey() throws Exception {
        assertThatThrownBy(() -> SigningKeys.load(write("garbage.pem", "-----BEGIN PRIVATE KEY-----\n!!!\n-----END PRIVATE KEY-----\n")))
                .hasMessageContaining("cannot read an Ed25519 private key");
        assertThatThrownBy(() -> SigningKeys.load(write("encrypted.pem", "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n")))
                .hasMessageContaining("unencrypted");
        assertThatThrownBy(() -> SigningKeys.load(write("empty.der", ""))).hasMessageContaining("cannot read an Ed25519 private key");
    }

    private Path write(String name, String content) throws Exception {
        Path file = directory.resolve(name);
        Files.writeString(file, content);
        return file;
    }
}
