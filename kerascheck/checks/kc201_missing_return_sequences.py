"""KC201: a recurrent layer without ``return_sequences=True`` feeds another recurrent layer.

Without ``return_sequences=True`` an LSTM returns only its last step, a ``(batch, units)``
tensor; the next recurrent layer needs ``(batch, steps, features)`` and Keras refuses to build.
The rule reads structure only (no shapes), so it also explains models whose input is unknown.
"""

from __future__ import annotations

from collections.abc import Iterator

from kerascheck.checks.context import CheckContext
from kerascheck.checks.model_walk import (
    argument_owner,
    describe,
    is_rank_keeping,
    is_recurrent,
    next_nodes,
    once,
    returns_sequences,
    sequence_rank,
    time_distributed_depth,
)
from kerascheck.checks.registry import check
from kerascheck.diagnostics import Diagnostic
from kerascheck.ir import Model, Node

CODE = "KC201"


@check(CODE)
def check_missing_return_sequences(ctx: CheckContext) -> Iterator[Diagnostic]:
    yield from once(d for model in ctx.module.models for d in _model_diagnostics(model))


def _model_diagnostics(model: Model) -> Iterator[Diagnostic]:
    for node in model.nodes:
        if not is_recurrent(node.layer) or returns_sequences(node.layer) is not False:
            continue
        consumers = [
            after
            for after in next_nodes(model, node, is_rank_keeping)
            if needs_sequence_from(after, node)
        ]
        if consumers:
            message, help = _texts(node, consumers[0])
            yield Diagnostic(CODE, message, help=help, anchor=node.layer.anchor)


def needs_sequence_from(consumer: Node, producer: Node) -> bool:
    """True when the consumer is recurrent and wants exactly the axis the producer dropped.

    ``TimeDistributed(LSTM(32))`` feeding a plain ``LSTM`` is fine (the wrapper's outer time
    axis survives); a mismatch of more than one axis is KC203's misplaced TimeDistributed.
    """
    return (
        is_recurrent(consumer.layer)
        and len(consumer.inputs) == 1
        and sequence_rank(consumer.layer) == sequence_rank(producer.layer)
    )


def _texts(producer: Node, consumer: Node) -> tuple[str, str]:
    """(message, help)."""
    name, needed = describe(producer.layer), sequence_rank(consumer.layer)
    next_layer = describe(consumer.layer)
    keras_says = ""
    if time_distributed_depth(consumer.layer) == 0:  # TimeDistributed fails with another text
        keras_says = f" (expected ndim={needed}, found ndim={needed - 1})"
    return (
        f"{name} feeds {next_layer} without return_sequences=True",
        f"Without it, {name} returns only its last step and drops the time axis; {next_layer} "
        f"needs a {needed}-D sequence, so Keras refuses to build the model{keras_says}. Set "
        f"return_sequences=True on {argument_owner(producer.layer)}.",
    )
