package org.carbonregistry.reporting.testing;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An Inline XBRL report parsed back with the JDK's XML parser (namespace-aware, so a document that is not well-formed
 * XHTML fails here), with the checks every report must pass: each fact's context and unit exist, each element name is
 * in the EFRAG taxonomy excerpt, each unit's measure is in the UTR excerpt.
 */
public final class InlineXbrlDocument {

    public static final String IX = "http://www.xbrl.org/2013/inlineXBRL";
    public static final String XBRLI = "http://www.xbrl.org/2003/instance";
    public static final String XHTML = "http://www.w3.org/1999/xhtml";
    public static final String LINK = "http://www.xbrl.org/2003/linkbase";
    public static final String XLINK = "http://www.w3.org/1999/xlink";

    public record Fact(String name, String contextRef, String unitRef, int decimals, int scale, String format,
                       String shown) {

        /** The fact's value: the shown number times 10^scale (Inline XBRL 1.1, 4.1.3). */
        public BigDecimal value() {
            return new BigDecimal(shown.trim()).movePointRight(scale);
        }

        public String localName() {
            return name.substring(name.indexOf(':') + 1);
        }
    }

    private final Document document;

    public InlineXbrlDocument(byte[] xhtml) {
        this.document = parse(new ByteArrayInputStream(xhtml));
    }

    public Document document() {
        return document;
    }

    /** Every ix:nonFraction by element name (a report states each element once). */
    public Map<String, Fact> numericFacts() {
        Map<String, Fact> facts = new LinkedHashMap<>();
        for (Element e : elements(document, IX, "nonFraction")) {
            Fact fact = new Fact(e.getAttribute("name"), e.getAttribute("contextRef"), e.getAttribute("unitRef"),
                    Integer.parseInt(e.getAttribute("decimals")), Integer.parseInt(e.getAttribute("scale")),
                    e.getAttribute("format"), e.getTextContent());
            assertThat(facts.put(fact.localName(), fact)).as("%s stated twice", fact.name()).isNull();
        }
        return facts;
    }

    public List<Element> nonNumericFacts() {
        return elements(document, IX, "nonNumeric");
    }

    /** The context ids, each with its entity identifier scheme, identifier and period. */
    public Map<String, List<String>> contexts() {
        Map<String, List<String>> contexts = new LinkedHashMap<>();
        for (Element context : elements(document, XBRLI, "context")) {
            Element identifier = elements(context, XBRLI, "identifier").get(0);
            contexts.put(context.getAttribute("id"), List.of(identifier.getAttribute("scheme"),
                    identifier.getTextContent(), elements(context, XBRLI, "startDate").get(0).getTextContent(),
                    elements(context, XBRLI, "endDate").get(0).getTextContent()));
        }
        return contexts;
    }

    /** unit id -> its measure (prefix:local as written). */
    public Map<String, String> units() {
        Map<String, String> units = new LinkedHashMap<>();
        for (Element unit : elements(document, XBRLI, "unit")) {
            units.put(unit.getAttribute("id"), elements(unit, XBRLI, "measure").get(0).getTextContent());
        }
        return units;
    }

    public String schemaRef() {
        return elements(document, LINK, "schemaRef").get(0).getAttributeNS(XLINK, "href");
    }

    /** Checks the rules every fact of every report must follow; returns the numeric facts. */
    public Map<String, Fact> checkedFacts() {
        Map<String, List<String>> contexts = contexts();
        Map<String, String> units = units();
        Set<String> taxonomy = taxonomyElements();
        Set<String> utr = utrUnits();
        assertThat(schemaRef()).isEqualTo("https://xbrl.efrag.org/taxonomy/esrs/2023-12-22/esrs_all.xsd");
        assertThat(elements(document, IX, "header")).hasSize(1);
        Map<String, Fact> facts = numericFacts();
        assertThat(facts).isNotEmpty();
        for (Fact fact : facts.values()) {
            assertThat(fact.name()).startsWith("esrs:");
            assertThat(taxonomy).as("element %s in the EFRAG ESRS 2023-12-22 taxonomy", fact.name()).contains(fact.localName());
            assertThat(contexts).as("context of %s", fact.name()).containsKey(fact.contextRef());
            assertThat(units).as("unit of %s", fact.name()).containsKey(fact.unitRef());
            assertThat(fact.format()).isEqualTo("ixt:num-dot-decimal");
        }
        for (Element fact : nonNumericFacts()) {
            assertThat(taxonomy).contains(fact.getAttribute("name").substring("esrs:".length()));
            assertThat(contexts).containsKey(fact.getAttribute("contextRef"));
        }
        for (String measure : units.values()) {
            assertThat(utr).as("measure %s in the UTR", measure).contains(measure);
        }
        return facts;
    }

    /** Element names in the taxonomy excerpt kept as a test resource (its source is named in the file). */
    public static Set<String> taxonomyElements() {
        Set<String> names = new HashSet<>();
        for (Element loc : elements(resource("/xbrl/esrs-2023-12-22-e1-7-excerpt.xml"), LINK, "loc")) {
            String href = loc.getAttributeNS(XLINK, "href");
            names.add(href.substring(href.indexOf("#esrs_") + "#esrs_".length()));
        }
        return names;
    }

    /** UTR units as measures: {@code utr:tCO2e} for the UTR's own namespace, {@code xbrli:pure} for the instance's. */
    public static Set<String> utrUnits() {
        Set<String> measures = new HashSet<>();
        String utr = "http://www.xbrl.org/2009/utr";
        for (Element unit : elements(resource("/xbrl/utr-excerpt.xml"), utr, "unit")) {
            String id = elements(unit, utr, "unitId").get(0).getTextContent();
            String ns = elements(unit, utr, "nsUnit").get(0).getTextContent();
            measures.add((ns.equals(utr) ? "utr:" : ns.equals(XBRLI) ? "xbrli:" : ns + ":") + id);
        }
        return measures;
    }

    public static List<Element> elements(Object node, String ns, String local) {
        NodeList list = node instanceof Document d ? d.getElementsByTagNameNS(ns, local)
                : ((Element) node).getElementsByTagNameNS(ns, local);
        List<Element> elements = new ArrayList<>();
        for (int i = 0; i < list.getLength(); i++) {
            elements.add((Element) list.item(i));
        }
        return elements;
    }

    private static Document resource(String path) {
        try (InputStream in = InlineXbrlDocument.class.getResourceAsStream(path)) {
            return parse(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Document parse(InputStream in) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(in);
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new AssertionError("not well-formed XML: " + e.getMessage(), e);
        }
    }
}
