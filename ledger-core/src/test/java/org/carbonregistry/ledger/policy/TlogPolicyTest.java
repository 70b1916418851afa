package org.carbonregistry.ledger.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.carbonregistry.ledger.checkpoint.Ed25519;
import org.carbonregistry.ledger.checkpoint.VerifierKey;
import org.junit.jupiter.api.Test;

/** c2sp.org/tlog-policy: the spec's example policy, its rules, and the quorum arithmetic. */
class TlogPolicyTest {

    static String witnessKey(String name) {
        return VerifierKey.of(name, VerifierKey.TYPE_ED25519_COSIGNATURE, Ed25519.rawPublicKey(Ed25519.generate().getPublic()))
                .encode();
    }

    static final String LOG = VerifierKey.of("example.com/log", VerifierKey.TYPE_ED25519,
            Ed25519.rawPublicKey(Ed25519.generate().getPublic())).encode();

    /** The spec's example, keys filled in, with its comments and blank lines. */
    static String specExample() {
        return "# the spec's example policy\n"
                + "log " + LOG + "\n\n"
                + "witness X1 " + witnessKey("x1.example") + "\n"
                + "witness X2 " + witnessKey("x2.example") + " https://x2.example/\n"
                + "\twitness X3 " + witnessKey("x3.example") + "  \n"
                + "group X-witnesses 2 X1 X2 X3\n\n"
                + "witness Y1 " + witnessKey("y1.example") + "\n"
                + "witness Y2 " + witnessKey("y2.example") + "\n"
                + "witness Y3 " + witnessKey("y3.example") + "\n"
                + "group Y-witnesses any Y1 Y2 Y3\n\n"
                + "group X-and-Y all X-witnesses Y-witnesses\n"
                + "quorum X-and-Y\n";
    }

    @Test
    void theSpecsExampleNeedsTwoXWitnessesAndOneYWitness() throws Exception {
        TlogPolicy policy = TlogPolicy.parse(specExample().getBytes(StandardCharsets.UTF_8));
        assertThat(policy.logs()).hasSize(1);
        assertThat(policy.witnesses()).hasSize(6);
        assertThat(policy.witnesses().get(1).url()).isEqualTo("https://x2.example/");
        assertThat(policy.quorum()).isEqualTo("X-and-Y");
        assertThat(policy.quorumMet(Set.of("X1", "X3", "Y2"))).isTrue();
        assertThat(policy.quorumMet(Set.of("X1", "Y1", "Y2", "Y3"))).isFalse();
        assertThat(policy.quorumMet(Set.of("X1", "X2", "X3"))).isFalse();
        assertThat(policy.logFor("example.com/log")).isPresent();
        assertThat(policy.logFor("other.example/log")).isEmpty();
        assertThat(TlogPolicy.parse(policy.encode().getBytes(StandardCharsets.UTF_8))).isEqualTo(policy);
    }

    @Test
    void theLedgersOwnPolicies() throws Exception {
        VerifierKey log = VerifierKey.parse(LOG);
        List<TlogPolicy.Witness> two = List.of(new TlogPolicy.Witness("a", VerifierKey.parse(witnessKey("a.example")), null),
                new TlogPolicy.Witness("b", VerifierKey.parse(witnessKey("b.example")), null));
        assertThat(TlogPolicy.of(log, List.of(), "none", "witnesses").encode()).isEqualTo("log " + LOG + "\nquorum none\n");
        assertThat(TlogPolicy.of(log, two.subList(0, 1), "any", "witnesses").encode()).endsWith("\nquorum a\n");
        assertThat(TlogPolicy.of(log, two, "any", "witnesses").encode()).endsWith("group witnesses any a b\nquorum witnesses\n");
        assertThat(TlogPolicy.of(log, two, "2", "witnesses").encode()).endsWith("group witnesses all a b\nquorum witnesses\n");
        assertThatThrownBy(() -> TlogPolicy.of(log, two, "3", "witnesses")).hasMessageContaining("threshold 3");
        assertThatThrownBy(() -> TlogPolicy.of(log, List.of(), "any", "witnesses")).hasMessageContaining("needs witnesses");
    }

    @Test
    void theSpecsRulesAreEnforced() {
        String x1 = "witness X1 " + witnessKey("x1.example") + "\n";
        assertRefused("log " + LOG + "\n", "no quorum line");
        assertRefused("quorum none\nquorum none\n", "exactly one quorum");
        assertRefused("quorum X1\n" + x1, "not a witness or group defined before it");
        assertRefused(x1 + "group G 2 X1\nquorum G\n", "threshold 2 is not between 1 and 1");
        assertRefused(x1 + "group G any X1 X1\nquorum G\n", "lists X1 twice");
        assertRefused(x1 + "group G any Y\nquorum G\n", "member Y is not a witness or group defined before it");
        assertRefused(x1 + x1 + "quorum X1\n", "has the key of another witness");
        assertRefused(x1 + "witness X1 " + witnessKey("x9.example") + "\nquorum X1\n", "already the name of a witness");
        assertRefused("witness none " + witnessKey("n.example") + "\nquorum none\n", "'none' is predefined");
        assertRefused("log " + LOG + "\nlog " + LOG + "\nquorum none\n", "listed twice");
        assertRefused("witness W " + LOG.replace("example.com/log", "w") + "\nquorum none\n", "not a verifier key");
        assertRefused("witness W " + witnessKey("w.example") + "\nlog " + witnessKey("w2.example") + "\nquorum none\n",
                "not an Ed25519 checkpoint key");
        assertRefused("quorum none\r\n", "control character 0xd");
        assertRefused("monitor x\nquorum none\n", "unknown keyword");
        assertRefused("group G zero X\nquorum none\n", "not all, any or a decimal k");
    }

    private static void assertRefused(String policy, String message) {
        assertThatThrownBy(() -> TlogPolicy.parse(policy.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(PolicyException.class).hasMessageContaining(message);
    }
}
