"""
Title: Character-level recurrent sequence-to-sequence model
Description: Character-level recurrent sequence-to-sequence model that translates short
English sentences into French, character by character, with beam search decoding.
"""

import os
import re
import random
import zipfile
import argparse
import unicodedata

import numpy as np
import keras
from keras import layers

BATCH_SIZE = 64  # Batch size for training.
EPOCHS = 100  # Number of epochs to train for.
LATENT_DIM = 256  # Latent dimensionality of the encoding space.
NUM_SAMPLES = 10000  # Number of samples to train on.
DATA_PATH = os.path.join("fra-eng", "fra.txt")

"""
## Download the data
"""


def download(data_path=DATA_PATH):
    if os.path.exists(data_path):
        return data_path
    archive = keras.utils.get_file(
        "fra-eng.zip", origin="http://www.manythings.org/anki/fra-eng.zip", extract=False
    )
    with zipfile.ZipFile(archive) as zf:
        zf.extractall("fra-eng")
    return data_path


def unicode_to_ascii(text):
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def clean(text):
    text = unicode_to_ascii(text.strip())
    text = re.sub(r"\s+", " ", text)
    return text


"""
## Prepare the data
"""


class Corpus:
    def __init__(self, input_texts, target_texts):
        self.input_texts = input_texts
        self.target_texts = target_texts
        input_characters = set()
        target_characters = set()
        for input_text, target_text in zip(input_texts, target_texts):
            for char in input_text:
                input_characters.add(char)
            for char in target_text:
                target_characters.add(char)
        self.input_characters = sorted(input_characters)
        self.target_characters = sorted(target_characters)
        self.num_encoder_tokens = len(self.input_characters)
        self.num_decoder_tokens = len(self.target_characters)
        self.max_encoder_seq_length = max(len(txt) for txt in input_texts)
        self.max_decoder_seq_length = max(len(txt) for txt in target_texts)
        self.input_token_index = {char: i for i, char in enumerate(self.input_characters)}
        self.target_token_index = {char: i for i, char in enumerate(self.target_characters)}
        self.reverse_target_char_index = {i: char for char, i in self.target_token_index.items()}

    def report(self):
        print("Number of samples:", len(self.input_texts))
        print("Number of unique input tokens:", self.num_encoder_tokens)
        print("Number of unique output tokens:", self.num_decoder_tokens)
        print("Max sequence length for inputs:", self.max_encoder_seq_length)
        print("Max sequence length for outputs:", self.max_decoder_seq_length)


def read_pairs(data_path, num_samples=NUM_SAMPLES):
    input_texts = []
    target_texts = []
    with open(data_path, "r", encoding="utf-8") as f:
        lines = f.read().split("\n")
    for line in lines[: min(num_samples, len(lines) - 1)]:
        input_text, target_text, _ = line.split("\t")
        # We use "tab" as the "start sequence" character
        # for the targets, and "\n" as "end sequence" character.
        target_text = "\t" + clean(target_text) + "\n"
        input_texts.append(clean(input_text))
        target_texts.append(target_text)
    return input_texts, target_texts


def vectorize(corpus):
    n = len(corpus.input_texts)
    encoder_input_data = np.zeros(
        (n, corpus.max_encoder_seq_length, corpus.num_encoder_tokens), dtype="float32"
    )
    decoder_input_data = np.zeros(
        (n, corpus.max_decoder_seq_length, corpus.num_decoder_tokens), dtype="float32"
    )
    decoder_target_data = np.zeros(
        (n, corpus.max_decoder_seq_length, corpus.num_decoder_tokens), dtype="float32"
    )

    for i, (input_text, target_text) in enumerate(zip(corpus.input_texts, corpus.target_texts)):
        for t, char in enumerate(input_text):
            encoder_input_data[i, t, corpus.input_token_index[char]] = 1.0
        encoder_input_data[i, t + 1 :, corpus.input_token_index[" "]] = 1.0
        for t, char in enumerate(target_text):
            # decoder_target_data is ahead of decoder_input_data by one timestep
            decoder_input_data[i, t, corpus.target_token_index[char]] = 1.0
            if t > 0:
                # decoder_target_data will be ahead by one timestep
                # and will not include the start character.
                decoder_target_data[i, t - 1, corpus.target_token_index[char]] = 1.0
        decoder_input_data[i, t + 1 :, corpus.target_token_index[" "]] = 1.0
        decoder_target_data[i, t:, corpus.target_token_index[" "]] = 1.0
    return encoder_input_data, decoder_input_data, decoder_target_data


"""
## Build the model
"""


def build_training_model(num_encoder_tokens, num_decoder_tokens, latent_dim=LATENT_DIM):
    # Define an input sequence and process it.
    encoder_inputs = keras.Input(shape=(None, num_encoder_tokens))
    encoder = keras.layers.LSTM(latent_dim, return_state=True)
    encoder_outputs, state_h, state_c = encoder(encoder_inputs)

    # We discard `encoder_outputs` and only keep the states.
    encoder_states = [state_h, state_c]

    # Set up the decoder, using `encoder_states` as initial state.
    decoder_inputs = keras.Input(shape=(None, num_decoder_tokens))

    # We set up our decoder to return full output sequences,
    # and to return internal states as well. We don't use the
    # return states in the training model, but we will use them in inference.
    decoder_lstm = keras.layers.LSTM(latent_dim, return_sequences=True, return_state=True)
    decoder_outputs, _, _ = decoder_lstm(decoder_inputs, initial_state=encoder_states)
    decoder_dense = keras.layers.Dense(num_decoder_tokens, activation="softmax")
    decoder_outputs = decoder_dense(decoder_outputs)

    # Define the model that will turn
    # `encoder_input_data` & `decoder_input_data` into `decoder_target_data`
    model = keras.Model([encoder_inputs, decoder_inputs], decoder_outputs)
    return model


def build_inference_models(model, latent_dim=LATENT_DIM):
    encoder_inputs = model.input[0]  # input_1
    encoder_outputs, state_h_enc, state_c_enc = model.layers[2].output  # lstm_1
    encoder_states = [state_h_enc, state_c_enc]
    encoder_model = keras.Model(encoder_inputs, encoder_states)

    decoder_inputs = model.input[1]  # input_2
    decoder_state_input_h = keras.Input(shape=(latent_dim,))
    decoder_state_input_c = keras.Input(shape=(latent_dim,))
    decoder_states_inputs = [decoder_state_input_h, decoder_state_input_c]
    decoder_lstm = model.layers[3]
    decoder_outputs, state_h_dec, state_c_dec = decoder_lstm(
        decoder_inputs, initial_state=decoder_states_inputs
    )
    decoder_states = [state_h_dec, state_c_dec]
    decoder_dense = model.layers[4]
    decoder_outputs = decoder_dense(decoder_outputs)
    decoder_model = keras.Model(
        [decoder_inputs] + decoder_states_inputs, [decoder_outputs] + decoder_states
    )
    return encoder_model, decoder_model


"""
## Decoding
"""


def decode_sequence(input_seq, encoder_model, decoder_model, corpus):
    # Encode the input as state vectors.
    states_value = encoder_model.predict(input_seq, verbose=0)

    # Generate empty target sequence of length 1.
    target_seq = np.zeros((1, 1, corpus.num_decoder_tokens))
    # Populate the first character of target sequence with the start character.
    target_seq[0, 0, corpus.target_token_index["\t"]] = 1.0

    # Sampling loop for a batch of sequences
    # (to simplify, here we assume a batch of size 1).
    stop_condition = False
    decoded_sentence = ""
    while not stop_condition:
        output_tokens, h, c = decoder_model.predict([target_seq] + states_value, verbose=0)

        # Sample a token
        sampled_token_index = np.argmax(output_tokens[0, -1, :])
        sampled_char = corpus.reverse_target_char_index[sampled_token_index]
        decoded_sentence += sampled_char

        # Exit condition: either hit max length
        # or find stop character.
        if sampled_char == "\n" or len(decoded_sentence) > corpus.max_decoder_seq_length:
            stop_condition = True

        # Update the target sequence (of length 1).
        target_seq = np.zeros((1, 1, corpus.num_decoder_tokens))
        target_seq[0, 0, sampled_token_index] = 1.0

        # Update states
        states_value = [h, c]
    return decoded_sentence


def beam_search(input_seq, encoder_model, decoder_model, corpus, width=3):
    states = encoder_model.predict(input_seq, verbose=0)
    beams = [("", 0.0, states, corpus.target_token_index["\t"])]
    finished = []
    for _ in range(corpus.max_decoder_seq_length):
        candidates = []
        for text, score, (h, c), last in beams:
            target_seq = np.zeros((1, 1, corpus.num_decoder_tokens))
            target_seq[0, 0, last] = 1.0
            output_tokens, h, c = decoder_model.predict([target_seq, h, c], verbose=0)
            probabilities = output_tokens[0, -1, :]
            for index in np.argsort(-probabilities)[:width]:
                char = corpus.reverse_target_char_index[int(index)]
                candidate = (text + char, score + float(np.log(probabilities[index] + 1e-9)), (h, c), int(index))
                if char == "\n":
                    finished.append(candidate)
                else:
                    candidates.append(candidate)
        beams = sorted(candidates, key=lambda b: -b[1])[:width]
        if not beams:
            break
    finished.extend(beams)
    return max(finished, key=lambda b: b[1] / max(len(b[0]), 1))[0]


def character_error_rate(reference, hypothesis):
    rows = len(reference) + 1
    cols = len(hypothesis) + 1
    distance = [[0] * cols for _ in range(rows)]
    for i in range(rows):
        distance[i][0] = i
    for j in range(cols):
        distance[0][j] = j
    for i in range(1, rows):
        for j in range(1, cols):
            cost = 0 if reference[i - 1] == hypothesis[j - 1] else 1
            distance[i][j] = min(distance[i - 1][j] + 1, distance[i][j - 1] + 1, distance[i - 1][j - 1] + cost)
    return distance[-1][-1] / max(len(reference), 1)


def parse_args():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--samples", type=int, default=NUM_SAMPLES)
    parser.add_argument("--beam", type=int, default=0)
    return parser.parse_args()


if __name__ == "__main__":
    args = parse_args()
    input_texts, target_texts = read_pairs(download(), args.samples)
    corpus = Corpus(input_texts, target_texts)
    corpus.report()
    encoder_input_data, decoder_input_data, decoder_target_data = vectorize(corpus)

    model = build_training_model(corpus.num_encoder_tokens, corpus.num_decoder_tokens)
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    model.fit(
        [encoder_input_data, decoder_input_data],
        decoder_target_data,
        batch_size=BATCH_SIZE,
        epochs=args.epochs,
        validation_split=0.2,
    )
    # Save model
    model.save("s2s_model.keras")

    model = keras.models.load_model("s2s_model.keras")
    encoder_model, decoder_model = build_inference_models(model)

    errors = []
    for seq_index in random.sample(range(len(input_texts)), 20):
        input_seq = encoder_input_data[seq_index : seq_index + 1]
        if args.beam:
            decoded_sentence = beam_search(input_seq, encoder_model, decoder_model, corpus, args.beam)
        else:
            decoded_sentence = decode_sequence(input_seq, encoder_model, decoder_model, corpus)
        errors.append(character_error_rate(target_texts[seq_index].strip(), decoded_sentence.strip()))
        print("-")
        print("Input sentence:", input_texts[seq_index])
        print("Decoded sentence:", decoded_sentence)
    print(f"mean character error rate: {np.mean(errors):.3f}")
