from tensorflow import keras
from tensorflow.keras import layers

from blocks import conv_bn_relu, residual_block


def build_model(input_shape=(32, 32, 3), num_classes=10, widths=(16, 32, 64), depth=2):
    inputs = keras.Input(shape=input_shape)
    x = conv_bn_relu(inputs, widths[0])
    for stage, filters in enumerate(widths):
        for block in range(depth):
            strides = 2 if stage > 0 and block == 0 else 1
            x = residual_block(x, filters, strides)
    x = layers.GlobalAveragePooling2D()(x)
    outputs = layers.Dense(num_classes, activation="softmax")(x)
    return keras.Model(inputs, outputs, name="resnet_small")
