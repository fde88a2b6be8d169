package io.github.qkeras4j.quantizers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every quantizer prints a spec and a config that parse back to an equal quantizer. */
class SpecRoundTripTest {
    static List<String> specs() {
        return List.of(
                "quantized_bits", "quantized_bits(4,0,1,alpha='auto_po2')",
                "quantized_bits(6,2,0,False,alpha=0.5,use_stochastic_rounding=True,qnoise_factor=0.25,use_ste=False)",
                "quantized_bits(4,alpha='auto_po2',scale_axis=[1 2],elements_per_scale=[2 2],"
                        + "min_po2_exponent=-3,max_po2_exponent=3)",
                "quantized_bits(4,0,1,alpha='auto',post_training_scale=[0.5 0.25])",
                "quantized_linear", "quantized_linear(2,1,0,False,alpha='auto',scale_axis=0,qnoise_factor=0.5)",
                "quantized_relu", "quantized_relu(6,2,1,0.125,True,relu_upper_bound=3.5,is_quantized_clip=False)",
                "quantized_relu(10,2,enable_fast_inference=True)",
                "quantized_ulaw(5,1,1,u=100.0)", "quantized_tanh(4,True,True,True)",
                "quantized_sigmoid(6,True,True,True)",
                "quantized_po2(4,0.5,True,True,'floor',0.5)", "quantized_relu_po2(5,2.0,0.25,False,True,'floor')",
                "quantized_hswish(6,2,1,alpha='auto',relu_shift=2,relu_upper_bound=4.5)",
                "binary", "binary(True,'auto_po2',scale_axis=[0 1],elements_per_scale=2,min_po2_exponent=-4)",
                "stochastic_binary(alpha='auto',temperature=3.0,use_real_sigmoid=False)",
                "ternary(alpha=2.0,threshold=0.25)", "ternary(alpha='auto',use_stochastic_rounding=True,number_of_unrolls=3)",
                "stochastic_ternary(alpha='auto_po2',temperature=4.0,use_real_sigmoid=False,number_of_unrolls=2)",
                "bernoulli(alpha='auto',temperature=2.0,use_real_sigmoid=False)",
                "hard_sigmoid", "smooth_tanh", "binary_tanh");
    }

    @ParameterizedTest
    @MethodSource("specs")
    void specParsesBackToEqualQuantizer(String spec) {
        Quantizer q = QuantizerSpec.parse(spec);
        Quantizer again = QuantizerSpec.parse(q.spec());
        assertEquals(q, again);
        assertEquals(q.spec(), again.spec());
    }

    @ParameterizedTest
    @MethodSource("specs")
    void configParsesBackToEqualQuantizer(String spec) {
        Quantizer q = QuantizerSpec.parse(spec);
        assertEquals(q, QuantizerSpec.fromConfig(q.name(), q.config()));
    }
}
