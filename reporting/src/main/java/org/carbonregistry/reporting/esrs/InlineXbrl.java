package org.carbonregistry.reporting.esrs;

import org.carbonregistry.events.EventJson;
import org.carbonregistry.reporting.projection.SourcePosition;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An Inline XBRL 1.1 document (XHTML) of ESRS facts, written as it is read: a hidden {@code ix:header} (the EFRAG
 * ESRS 2023-12-22 entry point, one context for the reporting entity and year, the units), then a table a person can
 * read in a browser in which each tagged figure is an {@code ix:nonFraction}, then whatever sections the report adds
 * (the annex). The one place that knows the Inline XBRL vocabulary: a report only lists its {@link XbrlFact}s.
 */
public final class InlineXbrl {

    public static final String XHTML = "http://www.w3.org/1999/xhtml";
    public static final String IX = "http://www.xbrl.org/2013/inlineXBRL";
    /** Transformation Registry 4, the one ESEF names; {@code num-dot-decimal} reads "1234.56". */
    public static final String IXT = "http://www.xbrl.org/inlineXBRL/transformation/2020-02-12";
    public static final String XBRLI = "http://www.xbrl.org/2003/instance";
    public static final String LINK = "http://www.xbrl.org/2003/linkbase";
    public static final String XLINK = "http://www.w3.org/1999/xlink";
    public static final String ESRS = "https://xbrl.efrag.org/taxonomy/esrs/2023-12-22";
    public static final String UTR = "http://www.xbrl.org/2009/utr";
    public static final String ENTRY_POINT = "https://xbrl.efrag.org/taxonomy/esrs/2023-12-22/esrs_all.xsd";
    /**
     * The registry does not know its holders' LEIs, only its own account ids, so those identify the entity; a filer
     * copies the facts into its own report under its LEI context. Registry-wide reports use the second scheme.
     */
    public static final String ACCOUNT_SCHEME = "urn:carbon-registry:account";
    public static final String REGISTRY_SCHEME = "urn:carbon-registry:registry";
    public static final String CONTEXT_PREFIX = "FY";

    private static final XMLOutputFactory FACTORY = XMLOutputFactory.newFactory();

    /** What a document says about itself: title and the lines under it. */
    public record Heading(String title, String accountId, int reportingYear, Instant asOf, SourcePosition source,
                          String statement) {
    }

    /** A section the report adds after the figures. */
    @FunctionalInterface
    public interface Section {
        void write(Html html) throws XMLStreamException;
    }

    private InlineXbrl() {
    }

    /**
     * @param hiddenTrue ESRS boolean elements stated true by every report of this kind, kept in {@code ix:hidden}
     *                   because the text says them in words
     */
    public static void write(OutputStream out, Heading heading, List<XbrlFact> facts, List<String> hiddenTrue,
                             Section more) throws IOException {
        try {
            XMLStreamWriter xml = FACTORY.createXMLStreamWriter(out, "UTF-8");
            Html html = new Html(xml);
            String context = CONTEXT_PREFIX + heading.reportingYear();
            xml.writeStartDocument("UTF-8", "1.0");
            xml.setDefaultNamespace(XHTML);
            xml.writeStartElement(XHTML, "html");
            xml.writeDefaultNamespace(XHTML);
            namespace(xml, "ix", IX);
            namespace(xml, "ixt", IXT);
            namespace(xml, "xbrli", XBRLI);
            namespace(xml, "link", LINK);
            namespace(xml, "xlink", XLINK);
            namespace(xml, "esrs", ESRS);
            namespace(xml, "utr", UTR);
            xml.writeAttribute("xml:lang", "en");
            html.start("head");
            html.empty("meta", "http-equiv", "Content-Type", "content", "application/xhtml+xml; charset=utf-8");
            html.element("title", heading.title());
            html.element("style", "body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin:1em 0}"
                    + "td,th{border:1px solid #999;padding:.25em .5em;text-align:left;vertical-align:top}"
                    + "td.number{text-align:right}code{font-size:.85em}");
            html.end();
            html.start("body");
            header(xml, html, heading, context, hiddenTrue);
            html.element("h1", heading.title());
            html.element("p", "Scope: " + (heading.accountId() == null ? "registry-wide (all accounts)"
                    : "account " + heading.accountId()) + ". Reporting year: " + heading.reportingYear() + ".");
            html.element("p", "As of: " + (heading.asOf() == null ? "the projection as it stands"
                    : EventJson.INSTANT_FORMAT.format(heading.asOf())) + ". " + sourceText(heading.source()));
            html.element("p", heading.statement());
            figures(xml, html, facts, context);
            more.write(html);
            html.end();
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.flush();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IOException("cannot write the Inline XBRL report", e);
        }
    }

    /** The last event a report includes and its Kafka offsets, as every format states them. */
    public static String sourceText(SourcePosition source) {
        String last = source.lastEventId() == null ? "Last event included: none."
                : "Last event included: " + source.lastEventId() + " at "
                + EventJson.INSTANT_FORMAT.format(source.lastEventTime()) + ".";
        return last + " Kafka offsets (" + source.topic() + "): " + (source.partitions().isEmpty() ? "none"
                : source.partitions().stream().map(p -> "partition " + p.partition() + ": " + p.lastOffset())
                .collect(Collectors.joining(", "))) + ".";
    }

    private static void header(XMLStreamWriter xml, Html html, Heading heading, String context,
                               List<String> hiddenTrue) throws XMLStreamException {
        html.start("div", "style", "display:none");
        xml.writeStartElement(IX, "header");
        if (!hiddenTrue.isEmpty()) {
            xml.writeStartElement(IX, "hidden");
            for (String concept : hiddenTrue) {
                xml.writeStartElement(IX, "nonNumeric");
                xml.writeAttribute("name", "esrs:" + concept);
                xml.writeAttribute("contextRef", context);
                xml.writeAttribute("id", "h-" + concept);
                xml.writeCharacters("true");
                xml.writeEndElement();
            }
            xml.writeEndElement();
        }
        xml.writeStartElement(IX, "references");
        xml.writeEmptyElement(LINK, "schemaRef");
        xml.writeAttribute(XLINK, "type", "simple");
        xml.writeAttribute(XLINK, "href", ENTRY_POINT);
        xml.writeEndElement();
        xml.writeStartElement(IX, "resources");
        xml.writeStartElement(XBRLI, "context");
        xml.writeAttribute("id", context);
        xml.writeStartElement(XBRLI, "entity");
        xml.writeStartElement(XBRLI, "identifier");
        xml.writeAttribute("scheme", heading.accountId() == null ? REGISTRY_SCHEME : ACCOUNT_SCHEME);
        xml.writeCharacters(heading.accountId() == null ? "all-accounts" : heading.accountId());
        xml.writeEndElement();
        xml.writeEndElement();
        xml.writeStartElement(XBRLI, "period");
        textElement(xml, XBRLI, "startDate", heading.reportingYear() + "-01-01");
        textElement(xml, XBRLI, "endDate", heading.reportingYear() + "-12-31");
        xml.writeEndElement();
        xml.writeEndElement();
        for (XbrlFact.Unit unit : XbrlFact.Unit.values()) {
            xml.writeStartElement(XBRLI, "unit");
            xml.writeAttribute("id", unit.id());
            textElement(xml, XBRLI, "measure", unit.measure());
            xml.writeEndElement();
        }
        xml.writeEndElement();
        xml.writeEndElement();
        html.end();
    }

    private static void figures(XMLStreamWriter xml, Html html, List<XbrlFact> facts, String context)
            throws XMLStreamException {
        html.start("table", "class", "figures");
        html.element("caption", "Figures (tagged with the EFRAG ESRS taxonomy where it has an element)");
        html.start("thead");
        html.start("tr");
        for (String column : List.of("Datapoint", "Paragraph", "Value", "Unit", "Taxonomy element")) {
            html.element("th", column);
        }
        html.end();
        html.end();
        html.start("tbody");
        for (XbrlFact fact : facts) {
            html.start("tr");
            html.element("th", fact.label());
            html.element("td", fact.reference());
            html.start("td", "class", "number");
            if (fact.concept() == null) {
                xml.writeCharacters(fact.shown());
            } else {
                xml.writeStartElement(IX, "nonFraction");
                xml.writeAttribute("name", "esrs:" + fact.concept());
                xml.writeAttribute("contextRef", context);
                xml.writeAttribute("unitRef", fact.unit().id());
                xml.writeAttribute("decimals", String.valueOf(fact.decimals()));
                xml.writeAttribute("scale", String.valueOf(fact.unit().scale()));
                xml.writeAttribute("format", "ixt:num-dot-decimal");
                xml.writeAttribute("id", "f-" + fact.concept());
                xml.writeCharacters(fact.shown());
                xml.writeEndElement();
            }
            html.end();
            html.element("td", fact.unit().symbol());
            html.element("td", fact.concept() == null ? "none in the taxonomy (not tagged)" : "esrs:" + fact.concept());
            html.end();
        }
        html.end();
        html.end();
    }

    private static void namespace(XMLStreamWriter xml, String prefix, String uri) throws XMLStreamException {
        xml.setPrefix(prefix, uri);
        xml.writeNamespace(prefix, uri);
    }

    private static void textElement(XMLStreamWriter xml, String ns, String name, String text) throws XMLStreamException {
        xml.writeStartElement(ns, name);
        xml.writeCharacters(text);
        xml.writeEndElement();
    }

    /** XHTML elements in the default namespace; text is escaped by the writer. */
    public static final class Html {

        private final XMLStreamWriter xml;

        Html(XMLStreamWriter xml) {
            this.xml = xml;
        }

        public void start(String tag, String... attributes) throws XMLStreamException {
            xml.writeStartElement(XHTML, tag);
            attributes(attributes);
        }

        public void empty(String tag, String... attributes) throws XMLStreamException {
            xml.writeEmptyElement(XHTML, tag);
            attributes(attributes);
        }

        public void end() throws XMLStreamException {
            xml.writeEndElement();
        }

        public void text(String text) throws XMLStreamException {
            xml.writeCharacters(text == null ? "" : text);
        }

        public void element(String tag, String text, String... attributes) throws XMLStreamException {
            start(tag, attributes);
            text(text);
            end();
        }

        private void attributes(String... attributes) throws XMLStreamException {
            for (int i = 0; i + 1 < attributes.length; i += 2) {
                xml.writeAttribute(attributes[i], attributes[i + 1]);
            }
        }
    }
}
