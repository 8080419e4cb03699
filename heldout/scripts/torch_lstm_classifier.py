import torch
import torch.nn as nn
import torch.optim as optim


class LSTMClassifier(nn.Module):
    def __init__(self, n_features=1, hidden=4, n_layers=2):
        super().__init__()
        self.lstm1 = nn.LSTM(n_features, hidden, batch_first=True)
        self.lstm2 = nn.LSTM(hidden, hidden, batch_first=True)
        self.fc = nn.Linear(hidden, 1)

    def forward(self, x):
        out, _ = self.lstm1(x)
        out, _ = self.lstm2(out)
        return torch.sigmoid(self.fc(out[:, -1]))


data = torch.rand(100, 20, 1)
labels = torch.randint(0, 2, (100,)).float()

model = LSTMClassifier()
criterion = nn.BCELoss()
optimizer = optim.SGD(model.parameters(), lr=5.0, momentum=0.9)

for epoch in range(10):
    optimizer.zero_grad()
    out = model(data).squeeze(1)
    loss = criterion(out, labels)
    loss.backward()
    optimizer.step()
    acc = ((out > 0.5).float() == labels).float().mean()
    print(f"epoch {epoch} loss {loss.item():.4f} acc {acc:.3f}")
