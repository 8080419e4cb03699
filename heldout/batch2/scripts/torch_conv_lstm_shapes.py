"""PyTorch: a small CNN and an LSTM classifier, with the shape checks I keep
getting wrong written out as comments."""
import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset


class ConvNet(nn.Module):
    def __init__(self, n_classes=10):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
        )
        self.head = nn.Linear(64 * 5 * 5, n_classes)

    def forward(self, x):               # x: (batch, 1, 28, 28) - channels first
        x = self.features(x)
        return self.head(torch.flatten(x, 1))


class LSTMClassifier(nn.Module):
    def __init__(self, n_features=3, hidden=64, n_classes=4):
        super().__init__()
        self.lstm = nn.LSTM(n_features, hidden, batch_first=True)
        self.fc = nn.Linear(hidden, n_classes)

    def forward(self, x):               # x: (batch, time, features)
        out, _ = self.lstm(x)
        return self.fc(out[:, -1])


x = np.load("digits.npy").reshape(-1, 1, 28, 28).astype("float32") / 255.0
y = np.load("digit_labels.npy").astype("int64")
loader = DataLoader(TensorDataset(torch.from_numpy(x), torch.from_numpy(y)), batch_size=64, shuffle=True)

model = ConvNet()
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
loss_fn = nn.CrossEntropyLoss()
for epoch in range(3):
    for xb, yb in loader:
        opt.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        opt.step()
    print(epoch, loss.item())

# unbatched input is fine for nn.Linear
lin = nn.Sequential(nn.Linear(3, 8), nn.ReLU(), nn.Linear(8, 1))
print(lin(torch.tensor([1.0, 2.0, 3.0])))

seq_model = LSTMClassifier()
print(seq_model(torch.randn(8, 20, 3)).shape)   # (8, 4)
