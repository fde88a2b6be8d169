"""Builds the QKeras model zoo and writes the golden files the Java tests read.

Runs inside interop/.venv (see setup-venv): TensorFlow 2.15 with Keras 2 and QKeras 0.9.0 from
PyPI. For every model of ZOO it writes, under OUT/<model name>/:

  model.h5                full model from model.save() (HDF5: model_config + model_weights)
  model.json              model.to_json()
  weights.h5              model.save_weights() (HDF5, weights-only layout)
  inputs.npy              a batch of inputs, float32, fixed seed
  outputs.npy             QKeras model.predict(inputs), float32
  quantized_weights.json  qkeras.utils.model_save_quantized_weights() of a clone, arrays as lists

and OUT/zoo.json, an index naming each model's layer classes, quantizers and notes.

Weights are drawn from a numpy generator seeded by the model name, never from Keras initializers,
so a rerun writes the same values. The HDF5 bytes may differ between runs; the values do not.

Usage: python make_golden.py OUT_DIR [MODEL_NAME ...]
"""

import contextlib
import importlib.metadata
import io
import json
import os
import re
import sys
import zlib

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("TF_DETERMINISTIC_OPS", "1")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from tensorflow import keras  # noqa: E402
from tensorflow.keras import layers as kl  # noqa: E402

from tensorflow.python.ops import array_ops  # noqa: E402
from tensorflow.python.util import nest  # noqa: E402

# QKeras 0.9.0 calls TensorFlow internals that TF 2.15 moved: array_ops.stack
# (QConv2DTranspose), array_ops.unstack (QGRU with reset_after) and nest.is_sequence (the
# recurrent cells). tf.stack, tf.unstack and nest.is_nested are the same functions under their
# new names; without them those layers cannot be called.
SHIMS = []
if not hasattr(array_ops, "stack"):
    array_ops.stack = tf.stack
    SHIMS.append("array_ops.stack = tf.stack (QConv2DTranspose)")
if not hasattr(array_ops, "unstack"):
    array_ops.unstack = tf.unstack
    SHIMS.append("array_ops.unstack = tf.unstack (QGRU reset_after)")
if not hasattr(nest, "is_sequence"):
    nest.is_sequence = nest.is_nested
    SHIMS.append("nest.is_sequence = nest.is_nested (QSimpleRNN, QLSTM, QGRU cells)")

import qkeras  # noqa: E402
from qkeras import quantizers as qq  # noqa: E402
from qkeras import utils as qutils  # noqa: E402
from qkeras import (QActivation, QAdaptiveActivation, QAveragePooling2D,  # noqa: E402
                    QBatchNormalization, QBidirectional, QConv1D, QConv2D,
                    QConv2DBatchnorm, QConv2DTranspose, QDense, QDepthwiseConv2D,
                    QDepthwiseConv2DBatchnorm, QGlobalAveragePooling2D, QGRU, QLSTM,
                    QSeparableConv1D, QSeparableConv2D, QSimpleRNN)

tf.config.threading.set_inter_op_parallelism_threads(1)
tf.config.threading.set_intra_op_parallelism_threads(1)

BATCH = 4

# Quantizer classes QKeras 0.9.0 defines; used to list what each model covers.
QUANTIZER_CLASSES = {
    "quantized_bits", "bernoulli", "ternary", "stochastic_ternary", "binary",
    "stochastic_binary", "quantized_relu", "quantized_ulaw", "quantized_tanh",
    "quantized_sigmoid", "quantized_po2", "quantized_relu_po2", "quantized_hswish",
}

# quantized_hswish is not in QKeras' own registry: loading needs it passed explicitly.
CUSTOM_OBJECTS = {"quantized_hswish": qq.quantized_hswish}


# ---------------------------------------------------------------------------------------------
# The zoo. Each builder returns (model, notes). Layer names are explicit so the files do not
# depend on Keras' global name counters.

ZOO = []


def zoo(input_shape):
    """Registers a builder whose model takes inputs of input_shape (without the batch axis)."""
    def register(builder):
        ZOO.append({"name": builder.__name__, "build": builder, "input_shape": input_shape})
        return builder
    return register


@zoo((8,))
def dense_qbits():
    return keras.Sequential([
        keras.Input((8,), name="x"),
        QDense(6, name="dense1",
               kernel_quantizer=qq.quantized_bits(4, 0, 1, alpha=1),
               bias_quantizer=qq.quantized_bits(4, 0, 1)),
        QActivation(qq.quantized_relu(4, 0), name="act1"),
        QDense(3, name="dense2",
               kernel_quantizer=qq.quantized_bits(4, 0, 1, alpha=1),
               bias_quantizer=qq.quantized_bits(4, 0, 1)),
    ], name="dense_qbits"), "fixed-grid quantized_bits (alpha=1), objects"


@zoo((8,))
def dense_qbits_strings():
    return keras.Sequential([
        keras.Input((8,), name="x"),
        QDense(6, name="dense1", kernel_quantizer="quantized_bits(4,0,1,alpha=1)",
               bias_quantizer="quantized_bits(4,0,1)", activation="quantized_relu(4,0)"),
        QDense(3, name="dense2", kernel_quantizer="quantized_bits(6,2,1,alpha=1)",
               bias_quantizer="quantized_bits(8,3,1)"),
    ], name="dense_qbits_strings"), ("quantizers given as strings (config stores the strings); "
                                     "activation as a QDense argument")


@zoo((8,))
def dense_qbits_auto_po2_default():
    return keras.Sequential([
        keras.Input((8,), name="x"),
        QDense(6, name="dense1", kernel_quantizer="quantized_bits(4,0,1)",
               bias_quantizer="quantized_bits(4,0,1)"),
        QActivation("quantized_bits(6,2,1)", name="act1"),
        QDense(3, name="dense2", kernel_quantizer=qq.quantized_bits(4, 0, 0),
               bias_quantizer=qq.quantized_bits(6, 2, 1)),
    ], name="dense_qbits_auto_po2_default"), ("kernel quantized_bits without alpha: QKeras "
                                              "rewrites alpha to auto_po2 (string and object)")


@zoo((8,))
def dense_qbits_alpha():
    return keras.Sequential([
        keras.Input((8,), name="x"),
        QDense(6, name="dense_auto", kernel_quantizer=qq.quantized_bits(4, 0, 1, alpha="auto"),
               bias_quantizer=qq.quantized_bits(8, 3, 1)),
        QActivation(qq.quantized_bits(8, 2, 1), name="act1"),
        QDense(5, name="dense_auto_po2",
               kernel_quantizer="quantized_bits(5,1,1,alpha='auto_po2')",
               bias_quantizer=qq.quantized_bits(8, 3, 1)),
        QActivation(qq.quantized_bits(6, 2, 0, keep_negative=False), name="act2"),
        QDense(3, name="dense_unsigned", kernel_quantizer=qq.quantized_bits(4, 1, 0, alpha=1.0)),
    ], name="dense_qbits_alpha"), "alpha auto and auto_po2; unsigned quantized_bits activation"


@zoo((8,))
def dense_relu_variants():
    return keras.Sequential([
        keras.Input((8,), name="x"),
        QDense(6, name="dense1", kernel_quantizer=qq.quantized_bits(6, 2, 1, alpha=1)),
        QActivation(qq.quantized_relu(6, 2), name="relu_6_2"),
        QDense(6, name="dense2", kernel_quantizer=qq.quantized_bits(6, 2, 1, alpha=1)),
        QActivation(qq.quantized_relu(4, 0, use_sigmoid=1), name="relu_sigmoid"),
        QDense(6, name="dense3", kernel_quantizer=qq.quantized_bits(6, 2, 1, alpha=1)),
        QActivation(qq.quantized_relu(6, 2, negative_slope=0.25), name="leaky"),
        QDense(6, name="dense4", kernel_quantizer=qq.quantized_bits(6, 2, 1, alpha=1)),
        QActivation(qq.quantized_relu(8, 3, relu_upper_bound=3.0), name="upper_bound"),
        QDense(4, name="dense5", kernel_quantizer=qq.quantized_bits(6, 2, 1, alpha=1)),
        QActivation("quantized_relu(4,2)", name="relu_string"),
    ], name="dense_relu_variants"), "quantized_relu: integer bits, use_sigmoid, negative_slope, " \
                                    "relu_upper_bound, string form"


@zoo((8,))
def dense_ulaw_tanh_sigmoid():
    return keras.Sequential([
        keras.Input((8,), name="x"),
        QDense(6, name="dense1", kernel_quantizer=qq.quantized_ulaw(8, 0, 1)),
        QActivation(qq.quantized_tanh(8), name="tanh8"),
        QDense(6, name="dense2", kernel_quantizer=qq.quantized_bits(6, 2, 1, alpha=1)),
        QActivation(qq.quantized_tanh(4, symmetric=True, use_real_tanh=True), name="tanh_real"),
        QDense(6, name="dense3", kernel_quantizer=qq.quantized_bits(6, 2, 1, alpha=1)),
        QActivation(qq.quantized_sigmoid(6), name="sigmoid6"),
        QDense(6, name="dense4", kernel_quantizer=qq.quantized_bits(6, 2, 1, alpha=1)),
        QActivation("quantized_sigmoid(4,symmetric=True,use_real_sigmoid=True)",
                    name="sigmoid_real"),
        QDense(4, name="dense5", kernel_quantizer="quantized_ulaw(6,1)"),
        QActivation("quantized_ulaw(8,2,1)", name="ulaw_act"),
    ], name="dense_ulaw_tanh_sigmoid"), "quantized_ulaw, quantized_tanh, quantized_sigmoid " \
                                        "(internal and real variants)"


@zoo((8,))
def dense_po2():
    return keras.Sequential([
        keras.Input((8,), name="x"),
        QDense(6, name="dense1", kernel_quantizer=qq.quantized_po2(4),
               bias_quantizer=qq.quantized_po2(4)),
        QActivation(qq.quantized_relu_po2(4), name="relu_po2"),
        QDense(6, name="dense2", kernel_quantizer=qq.quantized_po2(5, max_value=1.0),
               bias_quantizer="quantized_po2(4,2)"),
        QActivation(qq.quantized_relu_po2(5, max_value=4.0), name="relu_po2_max"),
        QDense(6, name="dense3",
               kernel_quantizer=qq.quantized_po2(4, quadratic_approximation=True)),
        QActivation(qq.quantized_po2(6, 8), name="po2_act"),
        QDense(3, name="dense4", kernel_quantizer="quantized_relu_po2(4,1)"),
        QActivation(qq.quantized_relu_po2(6, quadratic_approximation=True,
                                          negative_slope=0.25), name="relu_po2_quad"),
    ], name="dense_po2"), "quantized_po2 and quantized_relu_po2 (max_value, quadratic " \
                          "approximation, negative slope); po2 signs in quantized_weights.json"


@zoo((8,))
def dense_binary():
    return keras.Sequential([
        keras.Input((8,), name="x"),
        QDense(6, name="dense_fixed", kernel_quantizer=qq.binary(alpha=1),
               bias_quantizer=qq.quantized_bits(4, 0, 1)),
        QActivation(qq.binary(), name="act_binary"),
        QDense(6, name="dense_auto_po2", kernel_quantizer="binary"),
        QActivation(qq.binary(use_01=True), name="act_binary01"),
        QDense(6, name="dense_auto", kernel_quantizer=qq.binary(alpha="auto")),
        QActivation("binary(alpha=1)", name="act_binary_str"),
        QDense(3, name="dense_stochastic", kernel_quantizer=qq.stochastic_binary()),
    ], name="dense_binary"), "binary (fixed, default -> auto_po2, auto, use_01, string) and " \
                             "stochastic_binary in inference"


@zoo((8,))
def dense_ternary():
    return keras.Sequential([
        keras.Input((8,), name="x"),
        QDense(6, name="dense_fixed", kernel_quantizer=qq.ternary(alpha=1)),
        QActivation(qq.ternary(alpha=1), name="act_ternary"),
        QDense(6, name="dense_auto_po2", kernel_quantizer="ternary"),
        QActivation(qq.ternary(threshold=0.3, alpha=1), name="act_threshold"),
        QDense(6, name="dense_auto", kernel_quantizer=qq.ternary(alpha="auto")),
        QActivation("quantized_bits(4,1,1)", name="act_bits"),
        QDense(3, name="dense_stochastic", kernel_quantizer=qq.stochastic_ternary("auto_po2")),
    ], name="dense_ternary"), "ternary (fixed, auto_po2, auto, threshold) and stochastic_ternary " \
                              "in inference"


@zoo((8,))
def dense_keras_activations():
    return keras.Sequential([
        keras.Input((8,), name="x"),
        QDense(6, name="dense1", kernel_quantizer=qq.quantized_bits(4, 0, 1, alpha=1),
               activation="relu"),
        QActivation("hard_sigmoid", name="qkeras_hard_sigmoid"),
        QDense(6, name="dense2", kernel_quantizer=qq.quantized_bits(4, 0, 1, alpha=1)),
        QActivation("tanh", name="keras_tanh"),
        QDense(6, name="dense3", kernel_quantizer=qq.quantized_bits(4, 0, 1, alpha=1)),
        QActivation(qq.quantized_hswish(8, 3), name="hswish"),
        QDense(3, name="dense4", kernel_quantizer=qq.quantized_bits(4, 0, 1, alpha=1)),
        kl.Activation("softmax", name="softmax"),
    ], name="dense_keras_activations"), ("Keras activations through QActivation, QKeras "
                                         "hard_sigmoid, quantized_hswish (not registered in "
                                         "QKeras: needs custom_objects), Keras softmax layer")


@zoo((8, 8, 2))
def cnn():
    return keras.Sequential([
        keras.Input((8, 8, 2), name="x"),
        QConv2D(4, (3, 3), name="conv1", kernel_quantizer=qq.quantized_bits(4, 0, 1, alpha=1),
                bias_quantizer=qq.quantized_bits(4, 0, 1)),
        kl.BatchNormalization(name="bn1"),
        QActivation("quantized_relu(4,0)", name="act1"),
        kl.MaxPooling2D((2, 2), name="pool1"),
        kl.Flatten(name="flatten"),
        kl.Dropout(0.3, name="dropout"),
        QDense(3, name="dense", kernel_quantizer=qq.quantized_bits(4, 0, 1, alpha=1),
               bias_quantizer=qq.quantized_bits(4, 0, 1)),
    ], name="cnn"), "QConv2D + Keras BatchNormalization + MaxPooling2D + Flatten + Dropout"


@zoo((8, 8, 2))
def cnn_pooling():
    return keras.Sequential([
        keras.Input((8, 8, 2), name="x"),
        QConv2D(4, (3, 3), padding="same", strides=(1, 1), name="conv1",
                kernel_quantizer="quantized_bits(4,0,1)", bias_quantizer="quantized_bits(4,0,1)"),
        kl.AveragePooling2D((2, 2), name="avg_keras"),
        QAveragePooling2D((2, 2), strides=(1, 1), padding="same", name="avg_q_same",
                          average_quantizer=qq.quantized_bits(4, 0, 1),
                          activation=qq.quantized_bits(8, 2, 1)),
        QAveragePooling2D((3, 3), name="avg_q_valid",
                          average_quantizer="quantized_bits(8,1,1)"),
        QConv2D(3, (1, 1), name="conv2", kernel_quantizer=qq.quantized_bits(6, 2, 1, alpha=1)),
        QGlobalAveragePooling2D(name="gap", average_quantizer=qq.quantized_bits(8, 0, 1),
                                activation="quantized_bits(8,2,1)"),
    ], name="cnn_pooling"), ("Keras AveragePooling2D, QAveragePooling2D (same and valid "
                             "padding), QGlobalAveragePooling2D; 0.9.0 pooling computes "
                             "avg(x)*A*Q(1/A)")


@zoo((8,))
def qbatchnorm_dense():
    return keras.Sequential([
        keras.Input((8,), name="x"),
        QDense(6, name="dense1", kernel_quantizer=qq.quantized_bits(6, 2, 1, alpha=1)),
        QBatchNormalization(name="qbn_default"),
        QActivation("quantized_relu(6,2)", name="act1"),
        QDense(4, name="dense2", kernel_quantizer=qq.quantized_bits(6, 2, 1, alpha=1)),
        QBatchNormalization(name="qbn_custom",
                            gamma_quantizer=qq.quantized_bits(6, 2, 1),
                            beta_quantizer=qq.quantized_bits(6, 2, 1),
                            mean_quantizer=qq.quantized_bits(6, 2, 1),
                            variance_quantizer=qq.quantized_bits(8, 3, 1, alpha=1)),
        QBatchNormalization(name="qbn_float", gamma_quantizer=None, beta_quantizer=None,
                            mean_quantizer=None, variance_quantizer=None, center=True,
                            scale=False),
    ], name="qbatchnorm_dense"), ("QBatchNormalization with default po2 quantizers, custom "
                                  "quantized_bits (gamma/variance alpha rewrite), no quantizer "
                                  "with scale=False (weights: beta, mean, variance only)")


@zoo((6, 6, 3))
def qbatchnorm_conv():
    return keras.Sequential([
        keras.Input((6, 6, 3), name="x"),
        QConv2D(4, (3, 3), name="conv1", use_bias=False,
                kernel_quantizer=qq.quantized_bits(4, 0, 1, alpha=1)),
        QBatchNormalization(name="qbn", gamma_quantizer="quantized_relu_po2(4,4)",
                            variance_quantizer="quantized_relu_po2(4)",
                            beta_quantizer="quantized_po2(4)", mean_quantizer="quantized_po2(4)"),
        QActivation("quantized_relu(4,1)", name="act1"),
        kl.Flatten(name="flatten"),
    ], name="qbatchnorm_conv"), "QConv2D without bias followed by QBatchNormalization " \
                                "(quantized_weights.json of 0.9.0 has no fusing keys)"


@zoo((6, 6, 3))
def conv2d_bn_folded():
    return keras.Sequential([
        keras.Input((6, 6, 3), name="x"),
        QConv2DBatchnorm(4, (3, 3), name="conv_bn_ema",
                         kernel_quantizer=qq.quantized_bits(4, 0, 1, alpha=1),
                         bias_quantizer=qq.quantized_bits(6, 2, 1)),
        QActivation("quantized_relu(4,1)", name="act1"),
        QConv2DBatchnorm(3, (2, 2), name="conv_bn_batch", padding="same",
                         folding_mode="batch_stats_folding", use_bias=False,
                         kernel_quantizer="quantized_bits(6,2,1)",
                         bias_quantizer="quantized_bits(8,3,1)"),
    ], name="conv2d_bn_folded"), ("QConv2DBatchnorm in both folding modes (inference folds "
                                  "moving stats); weights include int64 'iteration'")


@zoo((6, 6, 3))
def depthwise_bn_folded():
    return keras.Sequential([
        keras.Input((6, 6, 3), name="x"),
        QDepthwiseConv2DBatchnorm((3, 3), depth_multiplier=2, name="dw_bn",
                                  depthwise_quantizer=qq.quantized_bits(4, 0, 1, alpha=1),
                                  bias_quantizer=qq.quantized_bits(6, 2, 1)),
        QActivation("quantized_relu(4,1)", name="act1"),
    ], name="depthwise_bn_folded"), "QDepthwiseConv2DBatchnorm, depth multiplier 2"


@zoo((7, 7, 3))
def depthwise_conv():
    return keras.Sequential([
        keras.Input((7, 7, 3), name="x"),
        QDepthwiseConv2D((3, 3), depth_multiplier=2, strides=(2, 2), padding="same", name="dw",
                         depthwise_quantizer=qq.quantized_bits(4, 0, 1, alpha=1),
                         bias_quantizer=qq.quantized_bits(4, 0, 1)),
        QActivation("quantized_relu(4,1)", name="act1"),
        QDepthwiseConv2D((2, 2), name="dw_auto", depthwise_quantizer="quantized_bits(4,0,1)",
                         use_bias=False),
    ], name="depthwise_conv"), "QDepthwiseConv2D (multiplier, stride, same padding, auto_po2)"


@zoo((7, 7, 3))
def separable_conv():
    return keras.Sequential([
        keras.Input((7, 7, 3), name="x"),
        QSeparableConv2D(4, (3, 3), name="sep1", depth_multiplier=2,
                         depthwise_quantizer=qq.quantized_bits(4, 0, 1, alpha=1),
                         pointwise_quantizer=qq.quantized_bits(4, 0, 1, alpha=1),
                         bias_quantizer=qq.quantized_bits(4, 0, 1)),
        QActivation("quantized_relu(4,1)", name="act1"),
        QSeparableConv2D(3, (2, 2), strides=(2, 2), padding="same", name="sep2",
                         depthwise_quantizer="quantized_bits(4,0,1)",
                         pointwise_quantizer="ternary", bias_quantizer="quantized_bits(6,2,1)"),
    ], name="separable_conv"), "QSeparableConv2D (depth multiplier, strides, auto_po2, ternary)"


@zoo((10, 3))
def conv1d():
    return keras.Sequential([
        keras.Input((10, 3), name="x"),
        QConv1D(4, 3, name="conv_causal", padding="causal", dilation_rate=2,
                kernel_quantizer=qq.quantized_bits(6, 2, 1, alpha=1),
                bias_quantizer=qq.quantized_bits(4, 0, 1)),
        QActivation("quantized_relu(4,1)", name="act1"),
        QConv1D(3, 2, strides=2, name="conv_strided", kernel_quantizer="quantized_bits(4,0,1)"),
        QSeparableConv1D(2, 2, name="sep1d",
                         depthwise_quantizer=qq.quantized_bits(6, 2, 1, alpha=1),
                         pointwise_quantizer=qq.quantized_bits(4, 0, 1, alpha=1),
                         bias_quantizer=qq.quantized_bits(4, 0, 1)),
    ], name="conv1d"), "QConv1D (causal padding, dilation, stride) and QSeparableConv1D"


@zoo((4, 4, 2))
def conv2d_transpose():
    return keras.Sequential([
        keras.Input((4, 4, 2), name="x"),
        QConv2DTranspose(3, (3, 3), strides=(2, 2), padding="same", name="deconv_same",
                         kernel_quantizer=qq.quantized_bits(4, 0, 1, alpha=1),
                         bias_quantizer=qq.quantized_bits(4, 0, 1)),
        QActivation("quantized_relu(4,1)", name="act1"),
        QConv2DTranspose(2, (3, 3), padding="valid", name="deconv_valid",
                         kernel_quantizer="binary", bias_quantizer="binary"),
    ], name="conv2d_transpose"), "QConv2DTranspose (same/valid; auto scales per input channel)"


@zoo((5, 3))
def rnn_simple():
    return keras.Sequential([
        keras.Input((5, 3), name="x"),
        QSimpleRNN(4, name="rnn_seq", return_sequences=True,
                   kernel_quantizer=qq.quantized_bits(4, 0, 1, alpha=1),
                   recurrent_quantizer=qq.quantized_bits(4, 0, 1, alpha=1),
                   bias_quantizer=qq.quantized_bits(4, 0, 1),
                   state_quantizer=qq.quantized_bits(4, 0, 1)),
        QSimpleRNN(3, name="rnn_last", activation="quantized_relu(4,1)",
                   kernel_quantizer="quantized_bits(4,0,1)",
                   recurrent_quantizer="quantized_bits(4,0,1)",
                   bias_quantizer="quantized_bits(4,0,1)"),
    ], name="rnn_simple"), "QSimpleRNN (state quantizer, default quantized_tanh activation, " \
                           "return_sequences)"


@zoo((5, 3))
def rnn_lstm():
    return keras.Sequential([
        keras.Input((5, 3), name="x"),
        QLSTM(4, name="lstm", return_sequences=True,
              kernel_quantizer=qq.quantized_bits(4, 0, 1, alpha=1),
              recurrent_quantizer=qq.quantized_bits(4, 0, 1, alpha=1),
              bias_quantizer=qq.quantized_bits(4, 0, 1),
              state_quantizer=qq.quantized_bits(6, 2, 1)),
        QLSTM(3, name="lstm_sigmoid", activation="quantized_tanh(6)",
              recurrent_activation="sigmoid", kernel_quantizer="quantized_bits(4,0,1)",
              recurrent_quantizer="quantized_bits(4,0,1)", bias_quantizer="quantized_bits(4,0,1)"),
    ], name="rnn_lstm"), "QLSTM (QKeras hard_sigmoid default, Keras sigmoid, state quantizer)"


@zoo((5, 3))
def rnn_gru():
    return keras.Sequential([
        keras.Input((5, 3), name="x"),
        QGRU(4, name="gru", return_sequences=True,
             kernel_quantizer=qq.quantized_bits(4, 0, 1, alpha=1),
             recurrent_quantizer=qq.quantized_bits(4, 0, 1, alpha=1),
             bias_quantizer=qq.quantized_bits(4, 0, 1),
             state_quantizer=qq.quantized_bits(6, 2, 1)),
        QGRU(3, name="gru_reset_after", reset_after=True,
             kernel_quantizer="quantized_bits(4,0,1)", recurrent_quantizer="quantized_bits(4,0,1)",
             bias_quantizer="quantized_bits(4,0,1)"),
    ], name="rnn_gru"), "QGRU (reset_after False and True; bias (2, 3u) when reset_after)"


@zoo((5, 3))
def rnn_bidirectional():
    return keras.Sequential([
        keras.Input((5, 3), name="x"),
        QBidirectional(QLSTM(3, kernel_quantizer=qq.quantized_bits(4, 0, 1, alpha=1),
                             recurrent_quantizer=qq.quantized_bits(4, 0, 1, alpha=1),
                             bias_quantizer=qq.quantized_bits(4, 0, 1)), name="bilstm"),
    ], name="rnn_bidirectional"), ("QBidirectional(QLSTM), merge concat; QKeras 0.9.0 pairs "
                                   "quantizers and weights misaligned in "
                                   "model_save_quantized_weights")


@zoo((8,))
def adaptive_activation():
    return keras.Sequential([
        keras.Input((8,), name="x"),
        QDense(6, name="dense1", kernel_quantizer=qq.quantized_bits(4, 0, 1, alpha=1)),
        QAdaptiveActivation("quantized_relu", 6, name="adaptive_relu"),
        QDense(4, name="dense2", kernel_quantizer=qq.quantized_bits(4, 0, 1, alpha=1)),
        QAdaptiveActivation("quantized_bits", 8, name="adaptive_bits"),
    ], name="adaptive_activation"), ("QAdaptiveActivation in inference: EMAs stay 0 and are not "
                                     "saved as weights")


@zoo((6, 6, 2))
def functional_skip():
    x = keras.Input((6, 6, 2), name="x")
    a = QConv2D(3, (3, 3), padding="same", name="conv_a",
                kernel_quantizer=qq.quantized_bits(4, 0, 1, alpha=1),
                bias_quantizer=qq.quantized_bits(4, 0, 1))(x)
    a = QActivation("quantized_relu(4,1)", name="act_a")(a)
    b = QConv2D(3, (3, 3), padding="same", name="conv_b",
                kernel_quantizer=qq.quantized_bits(4, 0, 1, alpha=1),
                bias_quantizer=qq.quantized_bits(4, 0, 1))(a)
    s = kl.Add(name="skip_add")([a, b])
    s = QActivation("quantized_relu(6,2)", name="act_sum")(s)
    c = QConv2D(3, (1, 1), name="conv_c", kernel_quantizer="quantized_bits(4,0,1)")(x)
    m = kl.Concatenate(name="concat")([s, c])
    f = kl.GlobalAveragePooling2D(name="gap")(m)
    y = QDense(3, name="dense", kernel_quantizer=qq.quantized_bits(4, 0, 1, alpha=1))(f)
    y = kl.Activation("softmax", name="softmax")(y)
    return keras.Model(x, y, name="functional_skip"), ("functional model: residual Add, "
                                                       "Concatenate, a branch reading the input "
                                                       "twice, Keras softmax")


@zoo((8,))
def keras_plain():
    x = keras.Input((8,), name="x")
    h = kl.Dense(6, activation="relu", name="dense1")(x)
    h = kl.Reshape((3, 2), name="reshape")(h)
    h = kl.Flatten(name="flatten")(h)
    h = kl.ReLU(name="relu")(h)
    y = kl.Dense(3, name="dense2")(h)
    return keras.Model(x, y, name="keras_plain"), "plain Keras layers only (no QKeras)"


# ---------------------------------------------------------------------------------------------
# Deterministic weights and inputs


def seed_of(name, salt):
    return zlib.crc32(f"{name}/{salt}".encode()) & 0x7FFFFFFF


def weight_values(short_name, shape, rng):
    """Values for one weight, chosen by its Keras name to exercise the quantizer ranges."""
    if short_name in ("gamma",):
        return rng.uniform(0.5, 1.5, shape)
    if short_name in ("beta", "moving_mean"):
        return rng.normal(0.0, 0.3, shape)
    if short_name == "moving_variance":
        return rng.uniform(0.3, 2.0, shape)
    if short_name == "bias":
        return rng.normal(0.0, 0.3, shape)
    if short_name == "recurrent_kernel":
        return rng.normal(0.0, 0.4, shape)
    return rng.normal(0.0, 0.6, shape)


def set_weights(model):
    rng = np.random.RandomState(seed_of(model.name, "weights"))
    for layer in model.layers:
        if not layer.weights:
            continue
        values = []
        for var in layer.weights:
            short = var.name.split("/")[-1].split(":")[0]
            if not var.dtype.is_floating:
                values.append(var.numpy())  # the folded layers' int64 'iteration' counter
                continue
            values.append(weight_values(short, tuple(var.shape), rng).astype(
                var.dtype.as_numpy_dtype))
        layer.set_weights(values)


def make_inputs(entry):
    rng = np.random.RandomState(seed_of(entry["name"], "inputs"))
    shape = (BATCH,) + tuple(entry["input_shape"])
    return rng.uniform(-2.0, 2.0, shape).astype(np.float32)


# ---------------------------------------------------------------------------------------------
# Writing


def to_lists(value):
    if isinstance(value, np.ndarray):
        return value.astype(np.float64).tolist()
    if isinstance(value, (list, tuple)):
        return [to_lists(v) for v in value]
    if isinstance(value, dict):
        return {k: to_lists(v) for k, v in value.items()}
    if isinstance(value, (np.floating, np.integer)):
        return value.item()
    return value


def quantizers_in(config):
    """Quantizer names found anywhere in a layer config, as dicts or strings."""
    found = set()
    if isinstance(config, dict):
        if config.get("class_name") in QUANTIZER_CLASSES:
            found.add(config["class_name"])
        for value in config.values():
            found |= quantizers_in(value)
    elif isinstance(config, list):
        for value in config:
            found |= quantizers_in(value)
    elif isinstance(config, str):
        head = config.split("(")[0]
        if head in QUANTIZER_CLASSES:
            found.add(head)
    return found


def layer_summary(model):
    """One row per layer, quantizers read from the saved JSON config (what a reader sees)."""
    configs = {layer["config"]["name"]: layer["config"]
               for layer in json.loads(model.to_json())["config"]["layers"]}
    rows = []
    for layer in model.layers:
        rows.append({"name": layer.name, "class_name": layer.__class__.__name__,
                     "quantizers": sorted(quantizers_in(configs.get(layer.name, {}))),
                     "weights": [[w.name, list(w.shape)] for w in layer.weights]})
    return rows


def quantized_weights(model):
    """Run model_save_quantized_weights, then restore the float weights.

    It writes the quantized values back into the model it is given, and the main files keep the
    float weights. A clone would be simpler, but QKeras 0.9.0's clone_model fails (TypeError) on a
    QActivation built from a quantizer object.
    """
    floats = [layer.get_weights() for layer in model.layers]
    with contextlib.redirect_stdout(io.StringIO()):
        saved = qutils.model_save_quantized_weights(model)
    for layer, values in zip(model.layers, floats):
        layer.set_weights(values)
    return to_lists(saved)


def reload_check(load, x, y):
    """Load a saved model with QKeras 0.9.0 and compare its predictions; record the error if any."""
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            loaded = load()
        again = loaded.predict(x, batch_size=BATCH, verbose=0).astype(np.float32)
    except Exception as e:  # noqa: BLE001 - the failure itself is the recorded result
        # Object addresses in messages would make zoo.json differ between runs.
        message = re.sub(r" at 0x[0-9a-f]+", "", str(e).splitlines()[0])[:200]
        return {"ok": False, "error": f"{type(e).__name__}: {message}"}
    if not np.array_equal(again, y):
        return {"ok": False, "error": "reloaded model predicts different values "
                                      f"(max |diff| {float(np.max(np.abs(again - y)))})"}
    return {"ok": True}


def load_json_and_weights(target):
    with open(os.path.join(target, "model.json")) as f:
        model = qutils.quantized_model_from_json(f.read(), custom_objects=dict(CUSTOM_OBJECTS))
    model.load_weights(os.path.join(target, "weights.h5"))
    return model


def write_json(path, value):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(value, f, indent=1, sort_keys=True)
        f.write("\n")
    os.replace(tmp, path)


def generate(entry, out_dir):
    keras.backend.clear_session()
    model, notes = entry["build"]()
    set_weights(model)
    target = os.path.join(out_dir, entry["name"])
    os.makedirs(target, exist_ok=True)

    x = make_inputs(entry)
    y = model.predict(x, batch_size=BATCH, verbose=0).astype(np.float32)
    again = model.predict(x, batch_size=BATCH, verbose=0).astype(np.float32)
    if not np.array_equal(y, again):
        raise RuntimeError(f"{entry['name']}: predict is not deterministic")

    model.save(os.path.join(target, "model.h5"), save_format="h5")
    model.save_weights(os.path.join(target, "weights.h5"), save_format="h5")
    with open(os.path.join(target, "model.json"), "w") as f:
        f.write(json.dumps(json.loads(model.to_json()), indent=1, sort_keys=True) + "\n")
    np.save(os.path.join(target, "inputs.npy"), x)
    np.save(os.path.join(target, "outputs.npy"), y)
    write_json(os.path.join(target, "quantized_weights.json"), quantized_weights(model))

    layers = layer_summary(model)
    reload = {
        "load_qmodel(model.h5)": reload_check(
            lambda: qutils.load_qmodel(os.path.join(target, "model.h5"),
                                       custom_objects=dict(CUSTOM_OBJECTS), compile=False), x, y),
        "quantized_model_from_json(model.json) + weights.h5": reload_check(
            lambda: load_json_and_weights(target), x, y),
    }
    return {
        "name": entry["name"],
        "model_class": model.__class__.__name__,
        "input_shape": [None] + list(entry["input_shape"]),
        "output_shape": list(y.shape),
        "layers": layers,
        "layer_classes": sorted({r["class_name"] for r in layers}),
        "quantizers": sorted(set().union(*(set(r["quantizers"]) for r in layers))),
        "notes": notes,
        "qkeras_reload": reload,
    }


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    out_dir = argv[1]
    wanted = set(argv[2:])
    unknown = wanted - {e["name"] for e in ZOO}
    if unknown:
        print(f"unknown model(s) {sorted(unknown)}; known: {[e['name'] for e in ZOO]}",
              file=sys.stderr)
        return 2
    os.makedirs(out_dir, exist_ok=True)
    index = []
    for entry in ZOO:
        if wanted and entry["name"] not in wanted:
            continue
        index.append(generate(entry, out_dir))
        print(f"wrote {entry['name']}", file=sys.stderr)
    if not wanted:
        write_json(os.path.join(out_dir, "zoo.json"), {
            "generator": "interop/make_golden.py",
            "versions": {"tensorflow": tf.__version__, "keras": importlib.metadata.version("keras"),
                         "qkeras": "0.9.0", "numpy": np.__version__},
            "batch": BATCH,
            "omitted": {
                "bernoulli": "random even in inference",
                "QOctaveConv2D": "a function, broken in QKeras 0.9.0 (TypeError in its paths)",
                "QMobileNetSeparableConv2D": "a function building QDepthwiseConv2D, QActivation "
                                             "and QConv2D, all covered separately",
            },
            "tf215_shims": SHIMS,
            "models": index,
        })
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
