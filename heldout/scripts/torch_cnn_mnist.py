import torch
from torch import nn
from torch.nn import Sequential, Conv2d, Linear, Flatten, Dropout, LSTM
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

train_set = datasets.MNIST("data", train=True, download=True, transform=transforms.ToTensor())
loader = DataLoader(train_set, batch_size=64, shuffle=True)

model = Sequential(
    Conv2d(1, 32, 3),
    Conv2d(32, 64, 3),
    Flatten(),
    Linear(64 * 24 * 24, 128),
    Dropout(p=0.5),
    Linear(128, 10),
)
rnn = LSTM(input_size=28, hidden_size=2)

opt = torch.optim.Adam(model.parameters(), lr=1.0)
loss_fn = nn.CrossEntropyLoss()
for epoch in range(2):
    for xb, yb in loader:
        opt.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        opt.step()
    print(epoch, loss.item())
