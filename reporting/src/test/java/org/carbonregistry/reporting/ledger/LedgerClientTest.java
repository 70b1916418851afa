package org.carbonregistry.reporting.ledger;

import org.carbonregistry.events.AccountType;
import org.carbonregistry.events.EventEnvelope;
import org.carbonregistry.reporting.projection.ConsumedRecord;
import org.carbonregistry.reporting.projection.Projector;
import org.carbonregistry.reporting.testing.LedgerContractServer;
import org.carbonregistry.ledger.checkpoint.NoteException;
import org.carbonregistry.ledger.checkpoint.NoteVerifier;
import org.carbonregistry.ledger.verify.TlogProof;
import org.carbonregistry.reporting.testing.SyntheticRegistry;
import org.carbonregistry.reporting.testing.TestKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class LedgerClientTest {

    private final SyntheticRegistry registry = new SyntheticRegistry();
    private final List<ConsumedRecord> events = new ArrayList<>();
    private LedgerContractServer ledger;
    private LedgerClient client;

    @BeforeEach
    void anchorSomeEvents() throws Exception {
        ledger = new LedgerContractServer();
        client = new LedgerClient(ledger.url(), Duration.ofSeconds(2), () -> key(ledger.publicKey()));
        for (int i = 0; i < 11; i++) {
            ConsumedRecord record = registry.openAccount("acct-" + i, AccountType.CORPORATE, "FR");
            events.add(record);
            ledger.anchor(record.value());
        }
    }

    @AfterEach
    void stop() {
        ledger.close();
    }

    private static NoteVerifier key(String verifierKey) {
        try {
            return NoteVerifier.fromVerifierKey(verifierKey);
        } catch (NoteException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static UUID eventId(ConsumedRecord record) {
        return EventEnvelope.fromCanonicalBytes(record.value()).eventId();
    }

    @Test
    void anAnchoredEventComesWithItsLeafIndexAndCheckpoint() {
        ConsumedRecord seventh = events.get(6);

        LedgerAnswer answer = client.inclusion(eventId(seventh), Projector.leafHash(seventh.value()));

        assertThat(answer).isInstanceOfSatisfying(LedgerAnswer.Anchored.class, anchored -> {
            assertThat(anchored.leafIndex()).isEqualTo(6);
            assertThat(anchored.treeSize()).isEqualTo(11);
            assertThat(anchored.origin()).isEqualTo(LedgerContractServer.ORIGIN);
            assertThat(anchored.rootHash()).hasSize(44);
        });
    }

    @Test
    void anEventTheLedgerDoesNotHaveYetIsNotAnchored() {
        ConsumedRecord unanchored = registry.openAccount("late", AccountType.CORPORATE, "FR");

        LedgerAnswer answer = client.inclusion(eventId(unanchored), Projector.leafHash(unanchored.value()));

        assertThat(answer).isEqualTo(new LedgerAnswer.NotYetAnchored("3"));
    }

    @Test
    void anUnreachableLedgerIsAnAnswerNotAFailure() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        LedgerClient nowhere = new LedgerClient(URI.create("http://127.0.0.1:" + closedPort), Duration.ofSeconds(1),
                () -> key(ledger.publicKey()));

        LedgerAnswer answer = nowhere.inclusion(UUID.randomUUID(), null);

        assertThat(answer).isInstanceOfSatisfying(LedgerAnswer.Unreachable.class,
                unreachable -> assertThat(unreachable.reason()).contains("cannot be reached"));
    }

    @Test
    void aProofThatDoesNotLeadToTheCheckpointRootIsNotCited() {
        ledger.tamper(proof -> proof.put("leafIndex", proof.get("leafIndex").asLong() + 1));
        ConsumedRecord third = events.get(2);

        LedgerAnswer answer = client.inclusion(eventId(third), Projector.leafHash(third.value()));

        assertThat(answer).isInstanceOfSatisfying(LedgerAnswer.Unverified.class,
                unverified -> assertThat(unverified.reason()).startsWith("inclusion proof"));
    }

    @Test
    void aLeafThatIsNotTheEventAsReceivedIsNotCited() {
        ConsumedRecord third = events.get(2);

        LedgerAnswer answer = client.inclusion(eventId(third), Projector.leafHash(events.get(3).value()));

        assertThat(answer).isInstanceOfSatisfying(LedgerAnswer.Unverified.class,
                unverified -> assertThat(unverified.reason()).contains("not the event as reporting received it"));
    }

    @Test
    void theProofUrlIsTheLedgersInclusionEndpoint() {
        UUID eventId = UUID.fromString("0b6a4a1e-8f43-4f55-9d43-1b2c3d4e5f60");
        LedgerClient trailingSlash = new LedgerClient(URI.create("https://ledger.example/"), Duration.ofSeconds(1),
                () -> key(ledger.publicKey()));

        assertThat(trailingSlash.proofUrl(eventId))
                .hasToString("https://ledger.example/api/proofs/inclusion?eventId=0b6a4a1e-8f43-4f55-9d43-1b2c3d4e5f60");
    }

    @Test
    void aCheckpointSignedByAnotherKeyIsNotAnchored() {
        ledger.signCheckpointsWith(TestKeys.newLedgerSigner(LedgerContractServer.ORIGIN));
        ConsumedRecord third = events.get(2);

        LedgerAnswer answer = client.inclusion(eventId(third), Projector.leafHash(third.value()));

        assertThat(answer).isInstanceOfSatisfying(LedgerAnswer.Unverified.class,
                unverified -> assertThat(unverified.reason()).startsWith("checkpoint signature")
                        .contains("no signature by key " + LedgerContractServer.ORIGIN));
    }

    @Test
    void withoutTheLedgersKeyNothingIsCalledAnchored() {
        LedgerClient keyless = new LedgerClient(ledger.url(), Duration.ofSeconds(1), () -> {
            throw new IllegalStateException("the ledger's key cannot be fetched");
        });
        ConsumedRecord third = events.get(2);

        LedgerAnswer answer = keyless.inclusion(eventId(third), Projector.leafHash(third.value()));

        assertThat(answer).isInstanceOfSatisfying(LedgerAnswer.Unreachable.class,
                unreachable -> assertThat(unreachable.reason()).contains("public key is not known"));
    }

    @Test
    void aTlogProofIsHandedOnVerbatimOnceItChecksOutWithTheLedgersKey() throws Exception {
        ConsumedRecord fifth = events.get(5);
        TlogProofAnswer answer = client.tlogProof(eventId(fifth), Projector.leafHash(fifth.value()));

        assertThat(answer).isInstanceOf(TlogProofAnswer.Proof.class);
        TlogProofAnswer.Proof proof = (TlogProofAnswer.Proof) answer;
        assertThat(proof.index()).isEqualTo(5);
        assertThat(proof.treeSize()).isEqualTo(11);
        assertThat(TlogProof.parse(proof.text()).extra()).contains(fifth.value());
        assertThat(client.tlogProofUrlText(eventId(fifth)))
                .isEqualTo(ledger.url() + "/api/proofs/tlog-proof?eventId=" + eventId(fifth));
    }

    @Test
    void aTlogProofIsNotHandedOnWhenItsEntryOrCheckpointKeyIsWrongOrWhenThereIsNoneYet() {
        ConsumedRecord third = events.get(3);
        assertThat(client.tlogProof(eventId(third), Projector.leafHash(events.get(4).value())))
                .isEqualTo(new TlogProofAnswer.Unverified("the tlog-proof's entry is not the event as reporting received it"));

        ConsumedRecord unanchored = registry.openAccount("acct-late", AccountType.CORPORATE, "FR");
        assertThat(client.tlogProof(eventId(unanchored), Projector.leafHash(unanchored.value())))
                .isEqualTo(new TlogProofAnswer.NotYetCheckpointed("3"));

        ledger.signCheckpointsWith(TestKeys.newLedgerSigner(LedgerContractServer.ORIGIN));
        TlogProofAnswer forged = client.tlogProof(eventId(third), Projector.leafHash(third.value()));
        assertThat(forged).isInstanceOf(TlogProofAnswer.Unverified.class);
        assertThat(((TlogProofAnswer.Unverified) forged).reason()).startsWith("checkpoint signature");
    }
}
