package org.carbonregistry.registry.eventstore;

import org.axonframework.common.caching.Cache;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BoundedCacheTest {

    @Test
    void evictsTheLeastRecentlyUsedEntryBeyondItsCapacity() {
        BoundedCache cache = new BoundedCache(2);
        cache.put("a", 1);
        cache.put("b", 2);
        assertThat(cache.<String, Integer>get("a")).isEqualTo(1); // "b" is now the least recently used
        cache.put("c", 3);

        assertThat(cache.containsKey("a")).isTrue();
        assertThat(cache.containsKey("b")).isFalse();
        assertThat(cache.containsKey("c")).isTrue();
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void keepsEntriesStronglyAcrossGarbageCollections() {
        BoundedCache cache = new BoundedCache(10);
        cache.put("batch", new Object());
        System.gc();
        assertThat(cache.<String, Object>get("batch")).isNotNull();
    }

    @Test
    void putIfAbsentComputeAndRemoveBehaveAsAxonExpects() {
        BoundedCache cache = new BoundedCache(10);
        assertThat(cache.putIfAbsent("k", "first")).isTrue();
        assertThat(cache.putIfAbsent("k", "second")).isFalse();
        assertThat(cache.<String>computeIfAbsent("k", () -> "third")).isEqualTo("first");
        assertThat(cache.<String>computeIfAbsent("new", () -> "made")).isEqualTo("made");

        cache.<String>computeIfPresent("k", value -> value + "!");
        assertThat(cache.<String, String>get("k")).isEqualTo("first!");
        cache.<String>computeIfPresent("k", value -> null);
        assertThat(cache.containsKey("k")).isFalse();
        cache.<String>computeIfPresent("absent", value -> "never");
        assertThat(cache.containsKey("absent")).isFalse();

        assertThat(cache.remove("new")).isTrue();
        assertThat(cache.remove("new")).isFalse();
        cache.put("x", 1);
        cache.removeAll();
        assertThat(cache.size()).isZero();
    }

    @Test
    void tellsListenersWhatHappenedToEachEntry() {
        BoundedCache cache = new BoundedCache(1);
        List<String> seen = new ArrayList<>();
        var registration = cache.registerCacheEntryListener(new Cache.EntryListenerAdapter() {
            @Override
            public void onEntryCreated(Object key, Object value) {
                seen.add("created " + key);
            }

            @Override
            public void onEntryUpdated(Object key, Object value) {
                seen.add("updated " + key);
            }

            @Override
            public void onEntryExpired(Object key) {
                seen.add("expired " + key);
            }

            @Override
            public void onEntryRemoved(Object key) {
                seen.add("removed " + key);
            }
        });
        cache.put("a", 1);
        cache.put("a", 2);
        cache.put("b", 3);
        cache.remove("b");
        registration.cancel();
        cache.put("c", 4);

        assertThat(seen).containsExactly("created a", "updated a", "expired a", "created b", "removed b");
    }

    @Test
    void refusesACapacityBelowOne() {
        assertThatThrownBy(() -> new BoundedCache(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one");
    }
}
