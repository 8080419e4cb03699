"""MNIST MLP and CNN in Flax (linen), trained with optax.

Note: flax's nn.Dense / nn.Conv take the feature count as `features` and
work on channels-last arrays of any leading shape.
"""
import jax
import jax.numpy as jnp
import numpy as np
import optax
import flax.linen as nn
from flax.training import train_state


class MLP(nn.Module):
    hidden: int = 128

    @nn.compact
    def __call__(self, x):
        x = x.reshape((x.shape[0], -1))
        x = nn.Dense(features=self.hidden)(x)
        x = nn.relu(x)
        return nn.Dense(features=10)(x)


class CNN(nn.Module):
    @nn.compact
    def __call__(self, x):
        x = nn.Conv(features=32, kernel_size=(3, 3))(x)
        x = nn.relu(x)
        x = nn.avg_pool(x, window_shape=(2, 2), strides=(2, 2))
        x = nn.Conv(features=64, kernel_size=(3, 3))(x)
        x = nn.relu(x)
        x = nn.Dense(features=10)(x)      # still (batch, 14, 14, 10)
        return x.mean(axis=(1, 2))


def create_state(model, rng, shape, lr=1e-3):
    params = model.init(rng, jnp.ones(shape))["params"]
    return train_state.TrainState.create(apply_fn=model.apply, params=params, tx=optax.adam(lr))


@jax.jit
def train_step(state, images, labels):
    def loss_fn(params):
        logits = state.apply_fn({"params": params}, images)
        return optax.softmax_cross_entropy_with_integer_labels(logits, labels).mean()

    loss, grads = jax.value_and_grad(loss_fn)(state.params)
    return state.apply_gradients(grads=grads), loss


data = np.load("mnist.npz")
x_train = data["x_train"].astype("float32")[..., None] / 255.0   # (60000, 28, 28, 1)
y_train = data["y_train"].astype("int32")

rng = jax.random.PRNGKey(0)
for model in (MLP(), CNN()):
    state = create_state(model, rng, (1, 28, 28, 1))
    for epoch in range(2):
        perm = np.random.permutation(len(x_train))
        for i in range(0, len(x_train), 128):
            idx = perm[i:i + 128]
            state, loss = train_step(state, x_train[idx], y_train[idx])
        print(type(model).__name__, epoch, float(loss))
    print(model.apply({"params": state.params}, x_train[:1]).shape)
