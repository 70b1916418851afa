package org.carbonregistry.events;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * RFC 8785 JSON Canonicalization Scheme (JCS): the one byte form of a JSON value that the ledger hashes
 * and that anyone can recompute.
 *
 * <ul>
 *   <li>Object members are sorted by name, names compared as arrays of UTF-16 code units
 *       ({@link String#compareTo} is exactly that); arrays keep their order; no whitespace.</li>
 *   <li>Strings are escaped as ECMAScript {@code JSON.stringify} does (RFC 8785 section 3.2.2.2): only
 *       quote, backslash and the five short forms (b, f, n, r, t); other characters below U+0020 as a
 *       backslash-u escape with four lowercase hex digits; everything else, including '/', U+007F,
 *       U+2028/U+2029 and all non-ASCII, as is. A lone surrogate is an error (I-JSON).</li>
 *   <li>Numbers are IEEE-754 doubles written as ECMAScript {@code Number.prototype.toString} writes them
 *       (RFC 8785 section 3.2.2.3, ECMA-262 Number::toString with Note 2), see {@link #formatNumber}.
 *       Integer nodes (int, long, BigInteger) are converted to the nearest double first, because JCS knows
 *       only doubles: integers beyond 2^53 lose precision (9007199254740993 is written 9007199254740992).
 *       Values that must stay exact beyond 2^53 belong in strings.</li>
 *   <li>The result is UTF-8.</li>
 * </ul>
 */
public final class CanonicalJson {

    /** Above this magnitude not every integer is a double, so integer output is no longer the shortest. */
    private static final double MAX_EXACT_INTEGER = 0x1p53;
    /** A double always round-trips through 17 significant digits. */
    private static final int MAX_SIGNIFICANT_DIGITS = 17;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // Keep the decimal text exactly as written, so that the one rounding to double happens here.
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .build();

    /** Captured once: an ObjectReader is immutable. */
    private static final ObjectReader TREE_READER = MAPPER.readerFor(JsonNode.class);

    private CanonicalJson() {
    }

    /**
     * The parser's own configuration: strict duplicate detection, floats read as BigDecimal, trailing tokens
     * rejected. Events are turned into trees with {@link EventJson#mapper()}, the one mapping of events.
     */
    static ObjectMapper mapper() {
        return MAPPER;
    }

    /** The canonical UTF-8 bytes of a tree; {@link IllegalArgumentException} if it is not I-JSON. */
    public static byte[] canonicalize(JsonNode node) {
        return toCanonicalString(node).getBytes(StandardCharsets.UTF_8);
    }

    /** The canonical text of a tree; {@link IllegalArgumentException} if it is not I-JSON. */
    public static String toCanonicalString(JsonNode node) {
        Objects.requireNonNull(node, "node");
        StringBuilder out = new StringBuilder();
        write(node, out);
        return out.toString();
    }

    /**
     * Parses JSON text (UTF-8, RFC 8259) and returns its canonical bytes.
     *
     * @throws IllegalArgumentException for invalid UTF-8, malformed JSON, duplicate member names, NaN or
     *                                  Infinity, numbers outside the double range, or lone surrogates
     */
    public static byte[] canonicalize(byte[] json) {
        return canonicalize(parse(json));
    }

    /**
     * The tree of JSON text that is already exactly in canonical form, parsed once.
     *
     * @throws IllegalArgumentException if the bytes are not I-JSON or not canonical
     */
    static JsonNode parseCanonical(byte[] json) {
        JsonNode tree = parse(json);
        if (!Arrays.equals(json, canonicalize(tree))) {
            throw new IllegalArgumentException("not canonical RFC 8785 JSON");
        }
        return tree;
    }

    /** True iff the bytes are valid I-JSON text and already exactly in canonical form. */
    public static boolean isCanonical(byte[] json) {
        Objects.requireNonNull(json, "json");
        try {
            return Arrays.equals(json, canonicalize(json));
        } catch (IllegalArgumentException notJson) {
            return false;
        }
    }

    /**
     * A finite double as ECMAScript's {@code Number.prototype.toString} writes it: the fewest significant
     * digits that read back as the same double (the closest such, ties to even digits), laid out plainly
     * for magnitudes in [1e-6, 1e21) and in exponent form ({@code 1e+21}, {@code 1.5e-7}) otherwise;
     * {@code -0} is {@code 0}.
     *
     * @throws IllegalArgumentException for NaN and infinities, which JSON cannot carry
     */
    public static String formatNumber(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(value + " is not a JSON number (I-JSON allows finite doubles only)");
        }
        if (value == 0) {
            return "0";
        }
        String sign = value < 0 ? "-" : "";
        double magnitude = Math.abs(value);
        if (magnitude <= MAX_EXACT_INTEGER && magnitude == Math.rint(magnitude)) {
            // Every integer up to 2^53 is a double, so no other digit string reads back as this one.
            return sign + (long) magnitude;
        }
        BigDecimal shortest = shortestRoundTrip(magnitude);
        String digits = shortest.unscaledValue().toString();
        int decimalExponent = digits.length() - shortest.scale(); // value = 0.digits * 10^decimalExponent
        return sign + layOut(digits, decimalExponent);
    }

    /**
     * The shortest decimal that parses back to {@code magnitude}, closest to it on a tie of length.
     * Java 17's Double.toString always reads back but is not always the shortest (JDK-4511638, fixed in
     * 19), so its length is only the starting point. The decimals that read back as one double form an
     * interval around it, hence: at a given precision only the two decimals next to the exact binary value
     * can read back (tried separately, because the interval is lopsided at powers of two), and if no
     * p-digit decimal reads back then no shorter one does either, so stepping down from a length that works
     * until one that does not finds the minimum.
     */
    private static BigDecimal shortestRoundTrip(double magnitude) {
        BigDecimal exact = new BigDecimal(magnitude);
        int precision = Math.min(MAX_SIGNIFICANT_DIGITS,
                new BigDecimal(Double.toString(magnitude)).stripTrailingZeros().precision());
        BigDecimal best = readBackCandidate(exact, magnitude, precision);
        while (best == null && precision < MAX_SIGNIFICANT_DIGITS) {
            best = readBackCandidate(exact, magnitude, ++precision); // defensive: Double.toString reads back
        }
        if (best == null) {
            throw new IllegalStateException("no " + MAX_SIGNIFICANT_DIGITS + "-digit decimal reads back as " + magnitude);
        }
        while (precision > 1) {
            BigDecimal shorter = readBackCandidate(exact, magnitude, precision - 1);
            if (shorter == null) {
                break;
            }
            best = shorter;
            precision--;
        }
        return best.stripTrailingZeros();
    }

    /** The {@code precision}-digit decimal that reads back as {@code magnitude}, or null if none does. */
    private static BigDecimal readBackCandidate(BigDecimal exact, double magnitude, int precision) {
        BigDecimal below = exact.round(new MathContext(precision, RoundingMode.FLOOR));
        BigDecimal above = exact.round(new MathContext(precision, RoundingMode.CEILING));
        boolean belowReadsBack = readsBackAs(below, magnitude);
        boolean aboveReadsBack = readsBackAs(above, magnitude);
        if (belowReadsBack && aboveReadsBack) {
            return closerOrEven(exact, below, above);
        }
        if (belowReadsBack) {
            return below;
        }
        return aboveReadsBack ? above : null;
    }

    /** ECMA-262 Number::toString Note 2: the candidate closest to the exact value; on a tie the even one. */
    private static BigDecimal closerOrEven(BigDecimal exact, BigDecimal below, BigDecimal above) {
        int comparison = exact.subtract(below).compareTo(above.subtract(exact));
        if (comparison != 0) {
            return comparison < 0 ? below : above;
        }
        return below.unscaledValue().testBit(0) ? above : below;
    }

    private static boolean readsBackAs(BigDecimal candidate, double magnitude) {
        // Double.parseDouble rounds correctly; BigDecimal.doubleValue is not specified to on Java 17.
        return Double.parseDouble(candidate.toString()) == magnitude;
    }

    /** ECMA-262 Number::toString steps 6 to 10 for digits s (k of them) and exponent n. */
    private static String layOut(String digits, int n) {
        int k = digits.length();
        if (k <= n && n <= 21) {
            return digits + "0".repeat(n - k);
        }
        if (0 < n && n <= 21) {
            return digits.substring(0, n) + '.' + digits.substring(n);
        }
        if (-6 < n && n <= 0) {
            return "0." + "0".repeat(-n) + digits;
        }
        int exponent = n - 1;
        String mantissa = k == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return mantissa + 'e' + (exponent < 0 ? '-' : '+') + Math.abs(exponent);
    }

    private static JsonNode parse(byte[] json) {
        Objects.requireNonNull(json, "json");
        String text = decodeUtf8(json);
        JsonNode tree;
        try {
            tree = TREE_READER.readTree(text);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(describe(e), e);
        }
        if (tree == null || tree.isMissingNode()) {
            throw new IllegalArgumentException("invalid JSON: no value in the input");
        }
        return tree;
    }

    /** RFC 8259 section 8.1: JSON exchanged between systems is UTF-8; anything else is rejected, not guessed. */
    private static String decodeUtf8(byte[] json) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer input = ByteBuffer.wrap(json);
        try {
            CharBuffer chars = decoder.decode(input);
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("invalid JSON: not valid UTF-8 at byte offset " + input.position(), e);
        }
    }

    private static String describe(JacksonException e) {
        String message = e.getOriginalMessage();
        String problem = message != null && message.startsWith("Duplicate field")
                ? "duplicate member name (I-JSON forbids it): " + message
                : message;
        JsonLocation location = e.getLocation();
        String where = location == null
                ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
        return "invalid JSON: " + problem + where;
    }

    private static void write(JsonNode node, StringBuilder out) {
        switch (node.getNodeType()) {
            case OBJECT -> writeObject(node, out);
            case ARRAY -> writeArray(node, out);
            case STRING -> writeString(node.textValue(), out);
            case NUMBER -> out.append(formatNumber(toDouble(node)));
            case BOOLEAN -> out.append(node.booleanValue() ? "true" : "false");
            case NULL -> out.append("null");
            // A byte[] that valueToTree met: Jackson's JSON form of it is its base64 text.
            case BINARY -> writeString(node.asText(), out);
            case MISSING -> throw new IllegalArgumentException("a missing node has no JSON form");
            case POJO -> throw new IllegalArgumentException(
                    "an embedded object (POJONode) has no defined JSON form; convert it to a tree first");
        }
    }

    private static void writeObject(JsonNode node, StringBuilder out) {
        List<String> names = new ArrayList<>(node.size());
        node.fieldNames().forEachRemaining(names::add);
        names.sort(null); // String order is UTF-16 code unit order, which is what RFC 8785 3.2.3 asks for
        out.append('{');
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            String name = names.get(i);
            writeString(name, out);
            out.append(':');
            write(node.get(name), out);
        }
        out.append('}');
    }

    private static void writeArray(JsonNode node, StringBuilder out) {
        out.append('[');
        Iterator<JsonNode> elements = node.elements();
        for (int i = 0; elements.hasNext(); i++) {
            if (i > 0) {
                out.append(',');
            }
            write(elements.next(), out);
        }
        out.append(']');
    }

    private static void writeString(String value, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
                    } else if (Character.isHighSurrogate(c)
                            && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                        out.append(c).append(value.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        throw new IllegalArgumentException(String.format(
                                "string contains a lone surrogate U+%04X at index %d (I-JSON requires Unicode text)",
                                (int) c, i));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static double toDouble(JsonNode number) {
        double value;
        if (number.isFloatingPointNumber() && !number.isBigDecimal()) {
            value = number.doubleValue(); // float widens exactly; double is already the value
        } else if (number.isBigDecimal()) {
            value = Double.parseDouble(number.decimalValue().toString());
        } else if (number.isBigInteger()) {
            value = Double.parseDouble(number.bigIntegerValue().toString());
        } else {
            value = (double) number.longValue(); // int, short, long: rounds to nearest, ties to even (JLS 5.1.2)
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("number " + number.asText() + " is "
                    + (Double.isNaN(value) ? "not a number" : "outside the IEEE-754 double range")
                    + " (I-JSON allows finite doubles only)");
        }
        return value;
    }
}
