package io.github.qkeras4j.quantizers;

/** An invalid quantizer spec string or config; the message is one line naming the bad part. */
public class QuantizerSpecException extends IllegalArgumentException {
    public QuantizerSpecException(String message) {
        super(message);
    }
}
