#!/usr/bin/python3
"""Helpers for the test of python/evaluators/ofa_mbv3_torch.py.

  torch_evaluator.py setup DIR     a tiny ImageFolder DIR/images (2 classes x
                                   4 seeded noise images) and random supernet
                                   weights DIR/super.pt whose classifier can
                                   only answer class 0 or 1 (so top-1 is not
                                   always 0)
  torch_evaluator.py direct DIR R  top-1 of the largest sub-network computed
                                   directly: the supernet state dict loaded
                                   whole into the largest OfaMbv3Subnet, no
                                   extraction (stdout); on stderr whether the
                                   extracted largest network's logits are
                                   identical
  torch_evaluator.py cut           the extraction's key mapping and slicing
                                   on cases worked out by hand
"""
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
PYTHON = os.path.join(HERE, "..", "..", "..", "python")
sys.path.insert(0, PYTHON)
sys.path.insert(0, os.path.join(PYTHON, "evaluators"))
import ofa_mbv3_torch as ev  # noqa: E402


def setup(directory):
    from PIL import Image
    generator = torch.Generator().manual_seed(1)
    for label in ("class_a", "class_b"):
        os.makedirs(os.path.join(directory, "images", label), exist_ok=True)
        for i in range(4):
            pixels = torch.randint(0, 256, (40, 40, 3), generator=generator,
                                   dtype=torch.uint8)
            Image.fromarray(pixels.numpy()).save(
                os.path.join(directory, "images", label, "%d.png" % i))
    torch.manual_seed(3)
    state = ev.OfaMbv3Subnet(ev.LARGEST).state_dict()
    state["classifier.bias"][2:] = -1e4
    torch.save(state, os.path.join(directory, "super.pt"))
    print("setup done")


def direct(directory, resolution):
    model = ev.OfaMbv3Subnet(ev.LARGEST)
    model.load_state_dict(torch.load(os.path.join(directory, "super.pt")))
    model.eval()
    images = ev.loader(os.path.join(directory, "images"), resolution, 0, 64)
    correct = total = 0
    with torch.no_grad():
        for x, y in images:
            correct += int((model(x).argmax(dim=1) == y).sum())
            total += len(y)
    print("%.4f" % (100.0 * correct / total))
    # The extraction of the largest genome reproduces the logits exactly.
    extracted = ev.build(ev.LARGEST, torch.load(os.path.join(directory,
                                                             "super.pt")))
    extracted.eval()
    x = torch.randn(2, 3, resolution, resolution,
                    generator=torch.Generator().manual_seed(5))
    with torch.no_grad():
        same = torch.equal(model(x), extracted(x))
    sys.stderr.write("logits equal %s\n" % same)


def cut():
    genes = {"ks": [3] * 20, "e": [3] * 20, "d": [2, 3, 4, 2, 3]}
    # Sub-network block 3 = 2nd block after the first (index 2): stage 0 has
    # 2 blocks, so it is stage 1, block 0: supernet block 1 + 4 + 0 = 5.
    assert ev.supernet_key("blocks.3.expand.0.weight", genes) == \
        "blocks.5.expand.0.weight"
    assert ev.supernet_key("blocks.0.depthwise.0.weight", genes) == \
        "blocks.0.depthwise.0.weight"
    assert ev.supernet_key("first_conv.0.weight", genes) == "first_conv.0.weight"
    # Block 10 (index 9): 2 + 3 + 4 = 9 blocks in stages 0..2, so stage 3,
    # block 0: supernet block 1 + 12 + 0 = 13.
    assert ev.supernet_key("blocks.10.project.1.bias", genes) == \
        "blocks.13.project.1.bias"
    # A 7x7 depthwise kernel cut to 3x3: first channels, centre 3x3.
    weight = torch.arange(4 * 1 * 7 * 7).reshape(4, 1, 7, 7)
    small = ev.cut(weight, (2, 1, 3, 3))
    assert small.shape == (2, 1, 3, 3)
    assert small[1, 0, 0, 0] == 49 + 2 * 7 + 2, small[1, 0, 0, 0]
    assert small[0, 0, 2, 2] == 4 * 7 + 4
    print("cut ok")


if __name__ == "__main__":
    {"setup": lambda: setup(sys.argv[2]),
     "direct": lambda: direct(sys.argv[2], int(sys.argv[3])),
     "cut": cut}[sys.argv[1]]()
