package org.carbonregistry.registry.testing;

import org.carbonregistry.events.CreditLabels;
import org.carbonregistry.events.CreditLabels.Label;
import org.carbonregistry.events.LabelRegistered;
import org.carbonregistry.registry.label.Labels;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The label vocabulary as a map: the built-in labels and those registered in the test, without a database. */
public class TestLabels implements Labels {

    private final Map<String, Label> registered = new LinkedHashMap<>();

    /** Records a registered label the way the real vocabulary does. */
    public TestLabels add(LabelRegistered event) {
        registered.put(event.code(), new Label(event.code(), event.description()));
        return this;
    }

    @Override
    public boolean exists(String code) {
        return CreditLabels.isBuiltIn(code) || registered.containsKey(code);
    }

    @Override
    public List<Label> all() {
        return Stream.concat(CreditLabels.BUILT_IN.stream(), registered.values().stream()).toList();
    }
}
