package org.carbonregistry.registry.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The console's in-browser verifier (proof.js) and monitor (tiles.js, replay.js, policy.js) against the repository's shared vector files, the ones the Java
 * verifier is tested with, run by Node's own test runner (WebCrypto in Node, not in this JVM).
 */
class ConsoleVerifierVectorsTest {

    static final Path NODE = Path.of("/usr/bin/node");

    @Test
    void proofJsAgreesWithTheSharedVectors() throws IOException, InterruptedException {
        assertEveryTestPasses("src/test/js/proof.test.mjs");
    }

    /** The monitor page's tiles.js and replay.js: the RFC 6962 tree, tiles in memory, honest and broken histories. */
    @Test
    void tilesJsAndReplayJsReadTiledLogsAndNameTheFirstViolation() throws IOException, InterruptedException {
        assertEveryTestPasses("src/test/js/monitor.test.mjs");
    }

    /** replay.js on a temporary removal: CreditsExpired takes every held credit, and nothing moves after it. */
    @Test
    void replayJsReplaysAnExpiryAndRefusesMovesAfterIt() throws IOException, InterruptedException {
        assertEveryTestPasses("src/test/js/expiry.test.mjs");
    }

    /** policy.js: tlog-policy quorums and tlog-cosignature lines by witness keys the test makes. */
    @Test
    void policyJsCountsOnlyCosignaturesThatVerifyTowardTheQuorum() throws IOException, InterruptedException {
        assertEveryTestPasses("src/test/js/policy.test.mjs");
    }

    /** tlogproof.js: a tlog-proof built in the test: quorum met, not met, a forged cosignature, a tampered entry. */
    @Test
    void tlogproofJsChecksTheLogKeyTheWitnessQuorumAndTheInclusionProof() throws IOException, InterruptedException {
        assertEveryTestPasses("src/test/js/tlogproof.test.mjs");
    }

    /** Every {@code test(...)} of the file ran and passed: none failed, none was skipped by an error before it. */
    private static void assertEveryTestPasses(String file) throws IOException, InterruptedException {
        long tests = Files.readAllLines(Path.of(file)).stream().filter(line -> line.startsWith("test(")).count();
        assertThat(tests).as("tests in %s", file).isPositive();
        assertThat(nodeTest(file)).contains("# pass " + tests + "\n", "# fail 0");
    }

    private static String nodeTest(String file) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(NODE), "Node.js is not installed (Debian package nodejs)");
        Path vectors = Path.of("..", "vectors").toAbsolutePath().normalize();
        ProcessBuilder command = new ProcessBuilder(NODE.toString(), "--test", "--experimental-default-type=module",
                file).redirectErrorStream(true);
        command.environment().put("VECTORS_DIR", vectors.toString());
        Process node = command.start();
        node.getOutputStream().close();
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(node.exitValue()).as(output).isZero();
        return output;
    }
}
