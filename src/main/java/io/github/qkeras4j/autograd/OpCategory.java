package io.github.qkeras4j.autograd;

/** Coarse kinds of work, used to break training time down in benchmarks and profiles. */
public enum OpCategory {
    CONV,
    DENSE,
    QUANTIZER,
    OTHER
}
