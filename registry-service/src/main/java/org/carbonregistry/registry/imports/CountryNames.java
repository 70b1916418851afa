package org.carbonregistry.registry.imports;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The programmes' exports name countries in English ("Brazil", "Viet Nam", "Congo, The Democratic Republic of the");
 * the registry keeps ISO 3166-1 alpha-2 codes. Java's English country names cover most; the ISO short names the
 * programmes use where they differ are listed here.
 */
final class CountryNames {

    private static final Map<String, String> CODES = new HashMap<>();

    static {
        for (String code : Locale.getISOCountries()) {
            CODES.put(key(new Locale("", code).getDisplayCountry(Locale.ENGLISH)), code);
        }
        String[][] aliases = {
                {"Viet Nam", "VN"}, {"Turkey", "TR"}, {"Türkiye", "TR"}, {"United States of America", "US"},
                {"USA", "US"}, {"Congo, The Democratic Republic of the", "CD"}, {"Congo, Democratic Republic of the", "CD"},
                {"Democratic Republic of the Congo", "CD"}, {"DR Congo", "CD"}, {"Congo", "CG"},
                {"Republic of the Congo", "CG"}, {"Lao People's Democratic Republic", "LA"}, {"Laos", "LA"},
                {"Korea, Republic of", "KR"}, {"Republic of Korea", "KR"}, {"Tanzania, United Republic of", "TZ"},
                {"Bolivia, Plurinational State of", "BO"}, {"Cote d'Ivoire", "CI"}, {"Côte d'Ivoire", "CI"},
                {"Ivory Coast", "CI"}, {"Russian Federation", "RU"}, {"Iran, Islamic Republic of", "IR"},
                {"Moldova, Republic of", "MD"}, {"Venezuela, Bolivarian Republic of", "VE"}, {"Swaziland", "SZ"},
                {"Eswatini", "SZ"}, {"Burma", "MM"}, {"Myanmar", "MM"}, {"Cape Verde", "CV"}, {"Cabo Verde", "CV"},
                {"East Timor", "TL"}, {"Timor-Leste", "TL"}, {"Micronesia, Federated States of", "FM"},
                {"Palestine, State of", "PS"}, {"Macedonia", "MK"}, {"North Macedonia", "MK"},
                {"Syrian Arab Republic", "SY"}, {"Taiwan, Province of China", "TW"}, {"Brunei Darussalam", "BN"},
                {"United Kingdom of Great Britain and Northern Ireland", "GB"}, {"Czech Republic", "CZ"},
                {"Hong Kong", "HK"}, {"Macao", "MO"}, {"Kyrgyz Republic", "KG"}, {"Gambia, The", "GM"},
        };
        for (String[] alias : aliases) {
            CODES.put(key(alias[0]), alias[1]);
        }
    }

    private CountryNames() {
    }

    /** The ISO code of a country named in English, or given as its code. */
    static String iso(String name) {
        String upper = name.strip().toUpperCase(Locale.ROOT);
        if (upper.length() == 2 && CODES.containsValue(upper)) {
            return upper;
        }
        String code = CODES.get(key(name));
        if (code == null) {
            throw new RowRefused("country '" + name + "' is not a country name the registry knows");
        }
        return code;
    }

    /** Case, accents, apostrophes and punctuation do not matter: "Côte d’Ivoire" is "cote d ivoire". */
    private static String key(String name) {
        String plain = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return plain.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", " ").strip();
    }
}
