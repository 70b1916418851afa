package org.carbonregistry.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.FloatNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CanonicalJsonTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static String canonical(String json) {
        return new String(CanonicalJson.canonicalize(json.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static double fromBits(String hex) {
        return Double.longBitsToDouble(Long.parseUnsignedLong(hex, 16));
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = CanonicalJsonTest.class.getResourceAsStream("/jcs/" + name)) {
            assertThat(in).as("test resource " + name).isNotNull();
            return in.readAllBytes();
        }
    }

    @Nested
    class Rfc8785Examples {

        /** Section 3.2.2 input, canonicalized, must be exactly the bytes listed in section 3.2.4. */
        @Test
        void primitiveSerializationSampleGivesTheRfcBytes() throws IOException {
            byte[] expected = HexFormat.ofDelimiter(" ").parseHex(
                    "7b 22 6c 69 74 65 72 61 6c 73 22 3a 5b 6e 75 6c 6c 2c 74 72 "
                    + "75 65 2c 66 61 6c 73 65 5d 2c 22 6e 75 6d 62 65 72 73 22 3a "
                    + "5b 33 33 33 33 33 33 33 33 33 2e 33 33 33 33 33 33 33 2c 31 "
                    + "65 2b 33 30 2c 34 2e 35 2c 30 2e 30 30 32 2c 31 65 2d 32 37 "
                    + "5d 2c 22 73 74 72 69 6e 67 22 3a 22 e2 82 ac 24 5c 75 30 30 "
                    + "30 66 5c 6e 41 27 42 5c 22 5c 5c 5c 5c 5c 22 2f 22 7d");

            byte[] actual = CanonicalJson.canonicalize(resource("rfc8785-section-3.2.2-input.json"));

            assertThat(actual).isEqualTo(expected);
            assertThat(new String(actual, StandardCharsets.UTF_8)).isEqualTo(
                    "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
                    + "\"string\":\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
        }

        /** Section 3.2.3: names are ordered by UTF-16 code units, so the emoji (D83D DE00) precedes U+FB33. */
        @Test
        void sortingSampleOrdersByUtf16CodeUnits() {
            String input = "{\"\\u20ac\":\"Euro Sign\",\"\\r\":\"Carriage Return\","
                    + "\"\\ufb33\":\"Hebrew Letter Dalet With Dagesh\",\"1\":\"One\","
                    + "\"\\ud83d\\ude00\":\"Emoji: Grinning Face\",\"\\u0080\":\"Control\","
                    + "\"\\u00f6\":\"Latin Small Letter O With Diaeresis\"}";

            assertThat(canonical(input)).isEqualTo("{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\","
                    + "\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\","
                    + "\"\ud83d\ude00\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}");
        }

        /** Appendix B, every finite row (checked against the RFC and against node's JSON.stringify). */
        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource({
                "0000000000000000, 0",
                "8000000000000000, 0",
                "0000000000000001, 5e-324",
                "8000000000000001, -5e-324",
                "7fefffffffffffff, 1.7976931348623157e+308",
                "ffefffffffffffff, -1.7976931348623157e+308",
                "4340000000000000, 9007199254740992",
                "c340000000000000, -9007199254740992",
                "4430000000000000, 295147905179352830000",
                "44b52d02c7e14af5, 9.999999999999997e+22",
                "44b52d02c7e14af6, 1e+23",
                "44b52d02c7e14af7, 1.0000000000000001e+23",
                "444b1ae4d6e2ef4e, 999999999999999700000",
                "444b1ae4d6e2ef4f, 999999999999999900000",
                "444b1ae4d6e2ef50, 1e+21",
                "3eb0c6f7a0b5ed8c, 9.999999999999997e-7",
                "3eb0c6f7a0b5ed8d, 0.000001",
                "41b3de4355555553, 333333333.3333332",
                "41b3de4355555554, 333333333.33333325",
                "41b3de4355555555, 333333333.3333333",
                "41b3de4355555556, 333333333.3333334",
                "41b3de4355555557, 333333333.33333343",
                "becbf647612f3696, -0.0000033333333333333333",
                "43143ff3c1cb0959, 1424953923781206.2",
        })
        void appendixBNumberSamples(String bits, String expected) {
            double value = fromBits(bits);

            assertThat(CanonicalJson.formatNumber(value)).isEqualTo(expected);
            assertThat(CanonicalJson.toCanonicalString(DoubleNode.valueOf(value))).isEqualTo(expected);
        }

        @ParameterizedTest(name = "{0} is an error")
        @ValueSource(strings = {"7fffffffffffffff", "7ff0000000000000", "fff0000000000000"})
        void appendixBNanAndInfinityAreErrors(String bits) {
            double value = fromBits(bits);

            assertThatThrownBy(() -> CanonicalJson.formatNumber(value))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finite");
            assertThatThrownBy(() -> CanonicalJson.canonicalize(DoubleNode.valueOf(value)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class Numbers {

        /**
         * es-numbers.csv was produced by node (V8) from generate-es-numbers.js beside it: powers of two (lopsided
         * rounding intervals), powers of ten and their neighbours, the 1e21 and 1e-7 layout boundaries, random
         * bit patterns, random decimals and random integers. It pins the closest-then-even choice and the
         * layout, which the round-trip and length properties below cannot.
         */
        @Test
        void matchesTheJavaScriptEngineOnThousandsOfValues() throws IOException {
            String[] lines = new String(resource("es-numbers.csv"), StandardCharsets.US_ASCII).split("\n");
            List<String> mismatches = new ArrayList<>();
            for (String line : lines) {
                String[] columns = line.split(",");
                String actual = CanonicalJson.formatNumber(fromBits(columns[0]));
                if (!actual.equals(columns[1])) {
                    mismatches.add(columns[0] + ": expected " + columns[1] + " but was " + actual);
                }
            }

            assertThat(lines).hasSizeGreaterThan(5000);
            assertThat(mismatches).isEmpty();
        }

        /**
         * JDK-4511638: Java 17's Double.toString gives these as 1.9999999999999998E23, 9.999999999999999E22,
         * 4.9E-324 and 2.781342323134002E-309, longer than needed (fixed in JDK 19, so not asserted here).
         */
        @Test
        void isShorterThanJava17DoubleToStringWhereThatIsNotShortest() {
            assertThat(CanonicalJson.formatNumber(2.0E23)).isEqualTo("2e+23");
            assertThat(CanonicalJson.formatNumber(1.0E23)).isEqualTo("1e+23");
            assertThat(CanonicalJson.formatNumber(Double.MIN_VALUE)).isEqualTo("5e-324");
            assertThat(CanonicalJson.formatNumber(fromBits("0002000000000000"))).isEqualTo("2.781342323134e-309");
        }

        @Test
        void randomBitPatternsReadBackExactlyWithTheFewestDigitsInTheEcmaScriptLayout() {
            Pattern ecmaScriptNumber = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]*[1-9])?(e[+-][1-9][0-9]*)?");
            Random random = new Random(8785);
            int checked = 0;
            while (checked < 20_000) {
                double value = Double.longBitsToDouble(random.nextLong());
                if (!Double.isFinite(value)) {
                    continue;
                }
                checked++;
                String text = CanonicalJson.formatNumber(value);

                assertThat(text).as("syntax of %s", value).matches(ecmaScriptNumber);
                assertThat(Double.doubleToRawLongBits(Double.parseDouble(text)))
                        .as("%s reads back", text).isEqualTo(Double.doubleToRawLongBits(value == 0 ? 0.0 : value));
                assertThat(text.contains("e"))
                        .as("exponent form of %s", text)
                        .isEqualTo(Math.abs(value) >= 1e21 || (value != 0 && Math.abs(value) < 1e-6));
                assertNoShorterDecimalReadsBack(text, Math.abs(value));
            }
        }

        /**
         * The decimals that read back as one double form an interval. If some decimal with fewer significant
         * digits than {@code text} were in it, then the nearest shorter decimal below or above {@code text}
         * would be too, so checking those two proves minimality.
         */
        private void assertNoShorterDecimalReadsBack(String text, double magnitude) {
            BigDecimal written = new BigDecimal(text).abs().stripTrailingZeros();
            if (written.precision() == 1) {
                return;
            }
            BigInteger[] truncated = written.unscaledValue().divideAndRemainder(BigInteger.TEN);
            BigDecimal below = new BigDecimal(truncated[0], written.scale() - 1);
            BigDecimal above = new BigDecimal(truncated[0].add(BigInteger.ONE), written.scale() - 1);
            assertThat(Double.parseDouble(below.toString())).as("shorter %s than %s", below, text).isNotEqualTo(magnitude);
            assertThat(Double.parseDouble(above.toString())).as("shorter %s than %s", above, text).isNotEqualTo(magnitude);
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(delimiter = '|', value = {
                "-0 | 0",
                "-0.0 | 0",
                "0.0e7 | 0",
                "1.0 | 1",
                "1E2 | 100",
                "0.1 | 0.1",
                "1e-400 | 0",
                "1000000000000000000000 | 1e+21",
                "999999999999999999999 | 1e+21",
                "100000000000000000000 | 100000000000000000000",
                "9007199254740993 | 9007199254740992",
                "9223372036854775807 | 9223372036854776000",
                "295147905179352825856 | 295147905179352830000",
                "0.0000001 | 1e-7",
                "0.000001 | 0.000001",
                "123456789.123456789e-30 | 1.234567891234568e-22",
                "-9223372036854775808 | -9223372036854776000",
        })
        void jsonTextNumbersAreReadAsDoublesAndWrittenTheEcmaScriptWay(String input, String expected) {
            assertThat(canonical(input)).isEqualTo(expected);
        }

        @Test
        void integerNodesBecomeDoublesAndLosePrecisionAbove2To53() {
            assertThat(CanonicalJson.toCanonicalString(LongNode.valueOf(9_007_199_254_740_993L))).isEqualTo("9007199254740992");
            assertThat(CanonicalJson.toCanonicalString(LongNode.valueOf(Long.MIN_VALUE))).isEqualTo("-9223372036854776000");
            assertThat(CanonicalJson.toCanonicalString(BigIntegerNode.valueOf(BigInteger.TWO.pow(68))))
                    .isEqualTo("295147905179352830000");
            assertThat(CanonicalJson.toCanonicalString(DecimalNode.valueOf(new BigDecimal("12.50")))).isEqualTo("12.5");
            // A float widens to its exact double value, which is what JavaScript would print for it.
            assertThat(CanonicalJson.toCanonicalString(FloatNode.valueOf(0.1f))).isEqualTo("0.10000000149011612");
        }
    }

    @Nested
    class Strings {

        @Test
        void controlCharactersUseShortFormsOrLowercaseSixCharacterEscapes() {
            StringBuilder all = new StringBuilder();
            for (char c = 0; c < 0x20; c++) {
                all.append(c);
            }

            assertThat(CanonicalJson.toCanonicalString(TextNode.valueOf(all.toString()))).isEqualTo("\""
                    + "\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007"
                    + "\\b\\t\\n\\u000b\\f\\r\\u000e\\u000f"
                    + "\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017"
                    + "\\u0018\\u0019\\u001a\\u001b\\u001c\\u001d\\u001e\\u001f\"");
        }

        @Test
        void onlyQuoteAndBackslashAreEscapedAboveControlCharacters() {
            String text = "\"\\/ ~\u007f\u0080\u00e9\u2028\u2029\u20ac\ud83d\ude00\uffff";

            assertThat(CanonicalJson.toCanonicalString(TextNode.valueOf(text)))
                    .isEqualTo("\"\\\"\\\\/ ~\u007f\u0080\u00e9\u2028\u2029\u20ac\ud83d\ude00\uffff\"");
            assertThat(CanonicalJson.canonicalize(TextNode.valueOf("\u00e9\u20ac\ud83d\ude00")))
                    .isEqualTo(HexFormat.of().parseHex("22c3a9e282acf09f988022"));
        }

        @Test
        void escapesInTheInputAreDecodedAndRewrittenCanonically() {
            assertThat(canonical("\"\\u001F\\u000A\\/\\u00e9\\ud83d\\ude00\\u2028\\u0041\""))
                    .isEqualTo("\"\\u001f\\n/\u00e9\ud83d\ude00\u2028A\"");
        }

        @ParameterizedTest
        @ValueSource(strings = {"\ud800", "a\udc00", "\ud83d\u0041", "\ude00\ud83d", "x\ud83d"})
        void loneSurrogatesAreRejectedInValuesAndNames(String text) {
            ObjectNode asName = NODES.objectNode();
            asName.put(text, 1);

            assertThatThrownBy(() -> CanonicalJson.canonicalize(TextNode.valueOf(text)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lone surrogate");
            assertThatThrownBy(() -> CanonicalJson.canonicalize(asName))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lone surrogate");
        }
    }

    @Nested
    class InvalidInput {

        @ParameterizedTest
        @ValueSource(strings = {
                "", "   ", "{", "{\"a\":}", "[1,]", "{'a':1}", "{a:1}", "01", "1.", ".5", "+1", "0x10",
                "{} {}", "1 2", "[1] x", "\"abc", "// comment\n1", "/* c */ 1", "\"tab\there\"", "tru", "nul",
                "\"\\x41\"", "\"\\u12\""})
        void malformedJsonIsRejected(String json) {
            assertThatThrownBy(() -> CanonicalJson.canonicalize(utf8(json)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("invalid JSON");
            assertThat(CanonicalJson.isCanonical(utf8(json))).isFalse();
        }

        @ParameterizedTest
        @ValueSource(strings = {"{\"a\":1,\"a\":2}", "{\"a\":1,\"\\u0061\":1}", "[{\"x\":{\"k\":1,\"k\":1}}]"})
        void duplicateMemberNamesAreRejected(String json) {
            assertThatThrownBy(() -> CanonicalJson.canonicalize(utf8(json)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duplicate member name");
        }

        @ParameterizedTest
        @ValueSource(strings = {"NaN", "[Infinity]", "{\"a\":-Infinity}", "[1e400]", "-1E309"})
        void nonFiniteNumbersAreRejected(String json) {
            assertThatThrownBy(() -> CanonicalJson.canonicalize(utf8(json)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageMatching("(?s).*(NaN|Infinity|outside the IEEE-754 double range).*");
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"\\ud800\"", "\"\\udc00\"", "{\"\\ud83dx\":1}", "[\"\\ude00\\ud83d\"]"})
        void escapedLoneSurrogatesAreRejected(String json) {
            assertThatThrownBy(() -> CanonicalJson.canonicalize(utf8(json)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lone surrogate");
        }

        @ParameterizedTest
        @ValueSource(strings = {"22ff22", "22c08022", "22eda08022", "22e282", "efbbbf7b7d", "fffe7b00"})
        void invalidUtf8AndByteOrderMarksAreRejected(String hex) {
            byte[] bytes = HexFormat.of().parseHex(hex);

            assertThatThrownBy(() -> CanonicalJson.canonicalize(bytes))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("invalid JSON");
            assertThat(CanonicalJson.isCanonical(bytes)).isFalse();
        }

        @Test
        void nodesWithoutAJsonFormAreRejected() {
            assertThatThrownBy(() -> CanonicalJson.canonicalize(MissingNode.getInstance()))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> CanonicalJson.canonicalize(new POJONode(new Object())))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class RoundTrips {

        private static final String[] AWKWARD_NAMES = {
                "", "a", "A", "b", "aa", "\u00e9", "e\u0301", "\u20ac", "\ud83d\ude00", "\ufb33", "\u0080", "\r", "1",
                "10", "2", "\"", "\\", "/", "\u2028", " ", "\u0000", "\u007f", "\uffff", "\ud800\udc00", "eventId"};

        @Test
        void randomTreesSurviveCanonicalizationAndReparsing() throws IOException {
            Random random = new Random(20200601);
            for (int i = 0; i < 300; i++) {
                JsonNode tree = randomValue(random, 0);
                byte[] once = CanonicalJson.canonicalize(tree);

                assertThat(CanonicalJson.canonicalize(once)).as("idempotent").isEqualTo(once);
                assertThat(CanonicalJson.isCanonical(once)).isTrue();
                assertThat(CanonicalJson.mapper().readTree(once).equals(RoundTrips::sameValue, tree))
                        .as("re-parsed %s equals the input tree", new String(once, StandardCharsets.UTF_8))
                        .isTrue();
                assertThat(CanonicalJson.canonicalize(reversedMemberOrder(tree))).as("member order").isEqualTo(once);
                byte[] pretty = CanonicalJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(tree);
                assertThat(CanonicalJson.canonicalize(pretty)).as("whitespace").isEqualTo(once);
            }
        }

        /** Numbers compare as doubles (the parse gives DecimalNode where the tree had DoubleNode or IntNode). */
        private static int sameValue(JsonNode a, JsonNode b) {
            if (a.isNumber() && b.isNumber()) {
                return Double.compare(Double.parseDouble(a.asText()) + 0.0, Double.parseDouble(b.asText()) + 0.0);
            }
            return a.equals(b) ? 0 : 1;
        }

        private JsonNode randomValue(Random random, int depth) {
            int kind = random.nextInt(depth >= 4 ? 6 : 8);
            return switch (kind) {
                case 0 -> NODES.nullNode();
                case 1 -> NODES.booleanNode(random.nextBoolean());
                case 2 -> NODES.textNode(randomName(random) + randomName(random));
                case 3 -> NODES.numberNode(random.nextInt());
                case 4 -> NODES.numberNode(random.nextLong() >> 11); // within 2^53: exact as a double
                case 5 -> {
                    double value;
                    do {
                        value = Double.longBitsToDouble(random.nextLong());
                    } while (!Double.isFinite(value));
                    yield NODES.numberNode(random.nextBoolean() ? value : Math.scalb(random.nextDouble(), 10));
                }
                case 6 -> {
                    ArrayNode array = NODES.arrayNode();
                    for (int i = random.nextInt(5); i > 0; i--) {
                        array.add(randomValue(random, depth + 1));
                    }
                    yield array;
                }
                default -> {
                    ObjectNode object = NODES.objectNode();
                    for (int i = random.nextInt(6); i > 0; i--) {
                        object.set(randomName(random), randomValue(random, depth + 1));
                    }
                    yield object;
                }
            };
        }

        private String randomName(Random random) {
            return AWKWARD_NAMES[random.nextInt(AWKWARD_NAMES.length)];
        }

        private JsonNode reversedMemberOrder(JsonNode node) {
            if (node.isObject()) {
                List<Map.Entry<String, JsonNode>> members = new ArrayList<>();
                node.fields().forEachRemaining(members::add);
                Collections.reverse(members);
                ObjectNode reversed = NODES.objectNode();
                members.forEach(member -> reversed.set(member.getKey(), reversedMemberOrder(member.getValue())));
                return reversed;
            }
            if (node.isArray()) {
                ArrayNode copy = NODES.arrayNode();
                node.forEach(element -> copy.add(reversedMemberOrder(element)));
                return copy;
            }
            return node;
        }
    }

    @Nested
    class IsCanonical {

        @ParameterizedTest
        @ValueSource(strings = {
                "{}", "[]", "null", "true", "0", "-1.5", "\"\"", "1e+21", "\"/\"",
                "{\"a\":[1,{\"b\":null}],\"b\":\"\u00e9\"}", "{\"\\r\":1,\"1\":2}"})
        void acceptsCanonicalText(String json) {
            assertThat(CanonicalJson.isCanonical(utf8(json))).isTrue();
        }

        @ParameterizedTest
        @ValueSource(strings = {
                "{ }", " {}", "{}\n", "{\"a\": 1}", "[1, 2]", "{\"b\":1,\"a\":2}", "1.0", "1E2", "1e21", "-0",
                "0.10", "\"\\/\"", "\"\\u00e9\"", "\"\\u001F\"", "\"\\u0008\"", "{\"a\":1,\"a\":1}", "NaN", "{"})
        void rejectsAnythingElse(String json) {
            assertThat(CanonicalJson.isCanonical(utf8(json))).isFalse();
        }
    }

    @Nested
    class Mapper {

        record Sample(UUID id, Instant at, LocalDate day, long quantity, BigDecimal price, List<String> labels,
                      Map<String, Integer> counts) {
        }

        @Test
        void recordsBecomeCanonicalWithIsoDatesAndSortedMembers() {
            Map<String, Integer> counts = new LinkedHashMap<>();
            counts.put("z", 1);
            counts.put("a", 2);
            Sample sample = new Sample(UUID.fromString("123e4567-e89b-12d3-a456-426614174000"),
                    Instant.parse("2026-01-02T03:04:05.123Z"), LocalDate.of(2026, 1, 2), 7,
                    new BigDecimal("12.50"), List.of("CCP", "CORSIA"), counts);

            String canonical = CanonicalJson.toCanonicalString(CanonicalJson.mapper().valueToTree(sample));

            assertThat(canonical).isEqualTo("{\"at\":\"2026-01-02T03:04:05.123Z\",\"counts\":{\"a\":2,\"z\":1},"
                    + "\"day\":\"2026-01-02\",\"id\":\"123e4567-e89b-12d3-a456-426614174000\","
                    + "\"labels\":[\"CCP\",\"CORSIA\"],\"price\":12.5,\"quantity\":7}");
        }

        @Test
        void parsesStrictlyAndKeepsDecimalText() throws IOException {
            assertThat(CanonicalJson.mapper().readTree("0.10").isBigDecimal()).isTrue();
            assertThatThrownBy(() -> CanonicalJson.mapper().readTree("{\"a\":1,\"a\":2}"))
                    .hasMessageContaining("Duplicate field");
            assertThatThrownBy(() -> CanonicalJson.mapper().readTree("{} []"))
                    .hasMessageContaining("Trailing token");
        }
    }
}
