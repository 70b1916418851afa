package org.carbonregistry.ledger.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.carbonregistry.ledger.merkle.AppendResult;
import org.carbonregistry.ledger.merkle.CompactRange;
import org.carbonregistry.ledger.merkle.InMemoryNodeStore;
import org.carbonregistry.ledger.merkle.MerkleHash;
import org.carbonregistry.ledger.merkle.ProofVerifier;
import org.carbonregistry.ledger.merkle.Proofs;
import org.carbonregistry.ledger.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

/**
 * The stored tree (leaf hashes plus every 8th level) answers exactly what a tree holding every node answers:
 * the same roots and proofs at every size, up past level 16, each with a single query.
 */
class TreeNodeStoreTest {

    static final int LEAVES = 70_000;

    static TestDatabase.Connected db;
    static CountingJdbcTemplate counting;
    static TreeNodeStore stored;
    static InMemoryNodeStore reference = new InMemoryNodeStore();
    static List<byte[]> roots = new ArrayList<>();

    @BeforeAll
    static void buildTree() {
        db = TestDatabase.create().connect();
        LeafStore leaves = new LeafStore(db.jdbc());
        TreeNodeStore writer = new TreeNodeStore(db.jdbc());
        CompactRange range = CompactRange.empty();
        roots.add(range.root());
        int batch = 1;
        for (int start = 0; start < LEAVES; start += batch, batch = Math.min(batch * 2 + 1, 5_000)) {
            int end = Math.min(LEAVES, start + batch);
            List<byte[]> hashes = new ArrayList<>();
            List<StoredLeaf> rows = new ArrayList<>();
            for (int i = start; i < end; i++) {
                byte[] entry = ByteBuffer.allocate(8).putLong(i).array();
                byte[] hash = MerkleHash.leafHash(entry);
                hashes.add(hash);
                rows.add(new StoredLeaf(i, new java.util.UUID(0, i).toString(), hash, entry));
            }
            AppendResult grown = range.append(hashes);
            leaves.insert(rows);
            writer.insert(grown.newNodes());
            reference.write(grown.newNodes());
            // Roots of every size in this batch, for the root checks below.
            CompactRange step = range;
            for (byte[] hash : hashes) {
                step = step.append(List.of(hash)).range();
                roots.add(step.root());
            }
            range = grown.range();
        }
        counting = new CountingJdbcTemplate(db.dataSource());
        stored = new TreeNodeStore(counting);
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void storesOnlyTheLevelsThatAreMultiplesOfEight() {
        assertThat(stored.countAt(8)).isEqualTo(LEAVES >> 8);
        assertThat(stored.countAt(16)).isEqualTo(LEAVES >> 16);
        Long others = db.jdbc().queryForObject("SELECT COUNT(*) FROM ledger_node WHERE node_level NOT IN (8, 16)", Long.class);
        assertThat(others).isZero();
    }

    @Test
    void everyLeafProvesAtSmallSizesAroundTheStoredLevels() {
        Proofs fromStore = new Proofs(stored);
        Proofs fromReference = new Proofs(reference);
        for (long size : new long[] {1, 2, 3, 7, 8, 9, 255, 256, 257, 511, 512, 513, 700}) {
            assertThat(fromStore.root(size)).as("root at %d", size).isEqualTo(roots.get((int) size));
            for (long leaf = 0; leaf < size; leaf++) {
                List<byte[]> path = fromStore.inclusion(leaf, size);
                assertThat(path).as("path of %d in %d", leaf, size).containsExactlyElementsOf(fromReference.inclusion(leaf, size));
                assertThat(ProofVerifier.isValidInclusion(leaf, size, reference.read(List.of(
                        org.carbonregistry.ledger.merkle.NodeId.leaf(leaf))).values().iterator().next(), path,
                        roots.get((int) size))).isTrue();
            }
        }
    }

    @Test
    void proofsAtLargeSizesMatchTheFullTreeAndCostOneQueryEach() {
        Proofs fromStore = new Proofs(stored);
        Proofs fromReference = new Proofs(reference);
        Random random = new Random(7);
        for (int trial = 0; trial < 300; trial++) {
            long size = 1 + random.nextInt(LEAVES);
            long leaf = random.nextInt((int) size);
            long older = 1 + random.nextInt((int) size);

            int before = counting.queries.get();
            List<byte[]> inclusion = fromStore.inclusion(leaf, size);
            assertThat(counting.queries.get() - before).as("queries for one inclusion proof").isEqualTo(1);
            before = counting.queries.get();
            List<byte[]> consistency = fromStore.consistency(older, size);
            assertThat(counting.queries.get() - before).as("queries for one consistency proof").isLessThanOrEqualTo(1);

            assertThat(inclusion).containsExactlyElementsOf(fromReference.inclusion(leaf, size));
            assertThat(consistency).containsExactlyElementsOf(fromReference.consistency(older, size));
            assertThat(ProofVerifier.isValidConsistency(older, size, roots.get((int) older), roots.get((int) size), consistency))
                    .as("consistency %d -> %d", older, size).isTrue();
            assertThat(fromStore.root(size)).isEqualTo(roots.get((int) size));
        }
    }

    @Test
    void theRightEdgeLoadsFromTheStore() {
        for (long size : new long[] {0, 1, 255, 256, 65_535, 65_536, 65_537, LEAVES}) {
            assertThat(CompactRange.load(size, stored).root()).as("size %d", size).isEqualTo(roots.get((int) size));
        }
    }

    /** Counts the node reads, which go through query(sql, RowCallbackHandler, args...). */
    static final class CountingJdbcTemplate extends JdbcTemplate {
        final AtomicInteger queries = new AtomicInteger();

        CountingJdbcTemplate(javax.sql.DataSource dataSource) {
            super(dataSource);
        }

        @Override
        public void query(String sql, RowCallbackHandler handler, Object... args) {
            queries.incrementAndGet();
            super.query(sql, handler, args);
        }
    }
}
