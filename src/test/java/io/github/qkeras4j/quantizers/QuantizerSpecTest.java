package io.github.qkeras4j.quantizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuantizerSpecTest {
    @Test
    void positionalAndKeywordArgumentsBind() {
        Quantizer q = QuantizerSpec.parse("quantized_bits(4,0,1,alpha='auto_po2')");
        assertEquals("quantized_bits(4,0,1,alpha='auto_po2')", q.spec());
        assertEquals(q, QuantizerSpec.parse("quantized_bits(bits=4, integer = 0, symmetric=True, alpha = \"auto_po2\")"));
    }

    @Test
    void bareClassNameUsesDefaults() {
        assertEquals("quantized_relu(8,0)", QuantizerSpec.parse("quantized_relu").spec());
        assertEquals(QuantizerSpec.parse("quantized_relu"), QuantizerSpec.parse("quantized_relu()"));
    }

    @Test
    void pythonNumbersAreRead() {
        assertEquals(QuantizerSpec.parse("quantized_relu(4)"), QuantizerSpec.parse("quantized_relu(+4)"));
        assertEquals("quantized_bits(4,0,0,qnoise_factor=0.001)",
                QuantizerSpec.parse("quantized_bits(4,qnoise_factor=1e-3)").spec());
        assertEquals("quantized_bits(1000,0,0)", QuantizerSpec.parse("quantized_bits(1_000)").spec());
    }

    @Test
    void listOfNumbersIsRead() {
        Quantizer q = QuantizerSpec.parse("quantized_bits(4,alpha='auto_po2',scale_axis=[1 2],elements_per_scale=[1 1])");
        assertEquals("quantized_bits(4,0,1,alpha='auto_po2',scale_axis=[1 2],elements_per_scale=[1 1])", q.spec());
    }

    @Test
    void nestedParenthesesAreRejected() {
        assertMessage("quantized_bits(4,alpha=np.array(1))", "nested parentheses");
    }

    @Test
    void trailingBlankInValueIsRejected() {
        assertMessage("quantized_bits(4,0,1,alpha='auto_po2' )", "followed by a blank");
        assertMessage("quantized_bits(4,keep_negative=False )", "followed by a blank");
    }

    @Test
    void unquotedStringIsRejected() {
        assertMessage("quantized_bits(4,0,1,alpha='auto_po2", "write 'auto_po2'");
        assertMessage("quantized_bits(4,alpha=auto_po2)", "is not quoted (QKeras would read \"uto_po\"); write 'auto_po2'");
    }

    @Test
    void bracketedSingleNumberIsRejected() {
        assertMessage("quantized_bits(4,alpha='auto_po2',scale_axis=[2])", "not a list of at least two");
    }

    @Test
    void textAfterClosingParenthesisIsRejected() {
        assertMessage("quantized_relu(4)x", "after ')'");
    }

    @Test
    void positionalAfterKeywordIsRejected() {
        assertMessage("quantized_relu(bits=4,2)", "positional argument 2 follows a keyword argument");
    }

    @Test
    void unknownNameIsRejected() {
        assertMessage("quantised_bits(4)", "unknown quantizer 'quantised_bits'");
    }

    @Test
    void unknownParameterIsRejected() {
        assertMessage("quantized_relu(4,bitz=3)", "quantized_relu has no parameter 'bitz'");
    }

    @Test
    void parameterGivenTwiceIsRejected() {
        assertMessage("quantized_relu(4,bits=3)", "given both by position and by keyword");
        assertMessage("quantized_relu(bits=4,bits=3)", "keyword argument bits is given twice");
    }

    @Test
    void tooManyPositionalArgumentsAreRejected() {
        assertMessage("quantized_relu(1,2,0,0,0,None,1,1,None,1,0,0,7)", "takes at most 12 positional arguments");
    }

    @Test
    void wrongTypeNamesParameter() {
        assertMessage("quantized_bits('four')", "quantized_bits: bits must be an integer, received 'four'");
    }

    @Test
    void missingClosingParenthesisIsRejected() {
        assertMessage("quantized_bits(4", "missing ')'");
    }

    @Test
    void configRoundTripGivesEqualQuantizer() {
        Quantizer q = QuantizerSpec.parse("quantized_bits(6,2,1,alpha='auto_po2',qnoise_factor=0.5,scale_axis=[0 1])");
        Map<String, Object> config = q.config();
        assertEquals(List.of("bits", "integer", "symmetric", "alpha", "keep_negative", "use_stochastic_rounding",
                "qnoise_factor", "post_training_scale", "scale_axis"), List.copyOf(config.keySet()));
        assertEquals(q, QuantizerSpec.fromConfig("quantized_bits", config));
    }

    @Test
    void configWithJacksonTypesIsRead() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("bits", 4);
        config.put("integer", 0);
        config.put("symmetric", 1);
        config.put("alpha", "auto_po2");
        config.put("keep_negative", true);
        config.put("use_stochastic_rounding", false);
        config.put("qnoise_factor", 1.0);
        config.put("post_training_scale", null);
        assertEquals(QuantizerSpec.parse("quantized_bits(4,0,1,alpha='auto_po2')"),
                QuantizerSpec.fromConfig(Map.of("class_name", "quantized_bits", "config", config)));
    }

    @Test
    void configWithNestedPostTrainingScaleIsFlattened() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("bits", 4);
        config.put("alpha", "auto_po2");
        config.put("post_training_scale", List.of(List.of(0.5, 0.25)));
        Quantizer q = QuantizerSpec.fromConfig("quantized_bits", config);
        assertEquals(List.of(0.5, 0.25), q.config().get("post_training_scale"));
    }

    @Test
    void configWithUnknownKeyIsRejected() {
        QuantizerSpecException e = assertThrows(QuantizerSpecException.class,
                () -> QuantizerSpec.fromConfig("quantized_relu", Map.of("bitz", 4)));
        assertTrue(e.getMessage().contains("no parameter 'bitz'"), e.getMessage());
    }

    static void assertMessage(String spec, String fragment) {
        QuantizerSpecException e = assertThrows(QuantizerSpecException.class, () -> QuantizerSpec.parse(spec));
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }
}
