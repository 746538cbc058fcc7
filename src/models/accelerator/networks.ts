/**
 * Built-in benchmark suite: published layer shapes. Only the layers that run on the systolic array
 * (convolutions, fully connected layers, attention GEMMs) are listed; pooling, normalisation,
 * activation functions and residual additions run elsewhere and are not counted. Where a pooling
 * layer sits between two layers, the next layer's input size already reflects it.
 */
import type { ConvLayer, Layer, MatmulLayer, Network } from './types.ts';

function conv(
  name: string,
  inHW: number,
  k: number,
  cin: number,
  cout: number,
  stride = 1,
  pad = 0,
  groups = 1,
): ConvLayer {
  return {
    kind: 'conv',
    name,
    inH: inHW,
    inW: inHW,
    kH: k,
    kW: k,
    cin,
    cout,
    strideH: stride,
    strideW: stride,
    padH: pad,
    padW: pad,
    groups,
  };
}
function fc(name: string, inF: number, outF: number): ConvLayer {
  return conv(name, 1, 1, inF, outF);
}
function mm(
  name: string,
  M: number,
  K: number,
  N: number,
  heads = 1,
  secondOperand: MatmulLayer['secondOperand'] = 'weights',
): MatmulLayer {
  return { kind: 'matmul', name, M, N, K, heads, secondOperand };
}

/** AlexNet (Krizhevsky, Sutskever, Hinton 2012), 227 x 227 input, the original two-GPU groups. */
function alexnet(): Network {
  return {
    id: 'alexnet',
    name: 'AlexNet',
    citation: 'Krizhevsky, Sutskever, Hinton, NeurIPS 2012',
    notes: '227 x 227 input (gives the published 55 x 55 conv1 output); conv2/4/5 in 2 groups as in the paper.',
    layers: [
      conv('conv1', 227, 11, 3, 96, 4, 0),
      conv('conv2', 27, 5, 96, 256, 1, 2, 2),
      conv('conv3', 13, 3, 256, 384, 1, 1),
      conv('conv4', 13, 3, 384, 384, 1, 1, 2),
      conv('conv5', 13, 3, 384, 256, 1, 1, 2),
      fc('fc6', 9216, 4096),
      fc('fc7', 4096, 4096),
      fc('fc8', 4096, 1000),
    ],
  };
}

/** VGG-16, configuration D (Simonyan, Zisserman, ICLR 2015). */
function vgg16(): Network {
  const cfg: [number, number, number][] = [
    [224, 3, 64],
    [224, 64, 64],
    [112, 64, 128],
    [112, 128, 128],
    [56, 128, 256],
    [56, 256, 256],
    [56, 256, 256],
    [28, 256, 512],
    [28, 512, 512],
    [28, 512, 512],
    [14, 512, 512],
    [14, 512, 512],
    [14, 512, 512],
  ];
  return {
    id: 'vgg16',
    name: 'VGG-16',
    citation: 'Simonyan, Zisserman, ICLR 2015 (configuration D)',
    notes: '224 x 224 input, 3 x 3 convolutions with padding 1.',
    layers: [
      ...cfg.map(([hw, ci, co], i) => conv(`conv${i + 1}`, hw, 3, ci, co, 1, 1)),
      fc('fc6', 25088, 4096),
      fc('fc7', 4096, 4096),
      fc('fc8', 4096, 1000),
    ],
  };
}

/** ResNet-18 (He, Zhang, Ren, Sun, CVPR 2016). */
function resnet18(): Network {
  const layers: Layer[] = [conv('conv1', 224, 7, 3, 64, 2, 3)];
  let hw = 56;
  let cin = 64;
  [64, 128, 256, 512].forEach((w, s) => {
    for (let b = 0; b < 2; b++) {
      const stride = s > 0 && b === 0 ? 2 : 1;
      const p = `layer${s + 1}.${b}`;
      layers.push(conv(`${p}.conv1`, hw, 3, cin, w, stride, 1));
      const out = stride === 2 ? hw / 2 : hw;
      layers.push(conv(`${p}.conv2`, out, 3, w, w, 1, 1));
      if (stride === 2 || cin !== w) layers.push(conv(`${p}.downsample`, hw, 1, cin, w, stride, 0));
      hw = out;
      cin = w;
    }
  });
  layers.push(fc('fc', 512, 1000));
  return {
    id: 'resnet18',
    name: 'ResNet-18',
    citation: 'He, Zhang, Ren, Sun, CVPR 2016',
    notes: '224 x 224 input; 3 x 3 max-pool after conv1 (56 x 56 into layer1).',
    layers,
  };
}

/** ResNet-50 (He et al. 2016), bottleneck blocks with the stride on the 3 x 3 conv (torchvision v1.5). */
function resnet50(): Network {
  const layers: Layer[] = [conv('conv1', 224, 7, 3, 64, 2, 3)];
  let hw = 56;
  let cin = 64;
  const blocks = [3, 4, 6, 3];
  [64, 128, 256, 512].forEach((w, s) => {
    for (let b = 0; b < blocks[s]!; b++) {
      const stride = s > 0 && b === 0 ? 2 : 1;
      const p = `layer${s + 1}.${b}`;
      const out = stride === 2 ? hw / 2 : hw;
      layers.push(conv(`${p}.conv1`, hw, 1, cin, w, 1, 0));
      layers.push(conv(`${p}.conv2`, hw, 3, w, w, stride, 1));
      layers.push(conv(`${p}.conv3`, out, 1, w, 4 * w, 1, 0));
      if (b === 0) layers.push(conv(`${p}.downsample`, hw, 1, cin, 4 * w, stride, 0));
      hw = out;
      cin = 4 * w;
    }
  });
  layers.push(fc('fc', 2048, 1000));
  return {
    id: 'resnet50',
    name: 'ResNet-50',
    citation: 'He, Zhang, Ren, Sun, CVPR 2016',
    notes:
      '224 x 224 input; stride on the 3 x 3 conv of each first bottleneck (torchvision v1.5; the paper puts it on the first 1 x 1).',
    layers,
  };
}

/** MobileNetV2 (Sandler, Howard, Zhu, Zhmoginov, Chen, CVPR 2018), width 1.0, 224 x 224. */
function mobilenetv2(): Network {
  const layers: Layer[] = [conv('conv1', 224, 3, 3, 32, 2, 1)];
  let hw = 112;
  let cin = 32;
  const table: [number, number, number, number][] = [
    [1, 16, 1, 1],
    [6, 24, 2, 2],
    [6, 32, 3, 2],
    [6, 64, 4, 2],
    [6, 96, 3, 1],
    [6, 160, 3, 2],
    [6, 320, 1, 1],
  ];
  let blk = 0;
  for (const [t, c, n, s] of table) {
    for (let i = 0; i < n; i++) {
      const stride = i === 0 ? s : 1;
      const hidden = cin * t;
      const p = `block${blk}`;
      if (t !== 1) layers.push(conv(`${p}.expand`, hw, 1, cin, hidden, 1, 0));
      layers.push(conv(`${p}.dw`, hw, 3, hidden, hidden, stride, 1, hidden));
      const out = Math.floor((hw + 2 - 3) / stride) + 1;
      layers.push(conv(`${p}.project`, out, 1, hidden, c, 1, 0));
      hw = out;
      cin = c;
      blk++;
    }
  }
  layers.push(conv('conv_last', hw, 1, cin, 1280, 1, 0));
  layers.push(fc('fc', 1280, 1000));
  return {
    id: 'mobilenetv2',
    name: 'MobileNetV2',
    citation: 'Sandler, Howard, Zhu, Zhmoginov, Chen, CVPR 2018',
    notes: 'Width multiplier 1.0, 224 x 224 input; depthwise convs as groups = channels.',
    layers,
  };
}

/** One BERT-base encoder layer (Devlin, Chang, Lee, Toutanova, NAACL 2019), sequence length 128. */
function bertBase(): Network {
  const seq = 128;
  const d = 768;
  const h = 12;
  const dh = d / h;
  return {
    id: 'bert-base',
    name: 'BERT-base encoder layer',
    citation: 'Devlin, Chang, Lee, Toutanova, NAACL 2019',
    notes: 'One of the 12 identical encoder layers; sequence length 128, hidden 768, 12 heads of 64, FFN 3072.',
    layers: [
      mm('q_proj', seq, d, d),
      mm('k_proj', seq, d, d),
      mm('v_proj', seq, d, d),
      mm('scores_qk', seq, dh, seq, h, 'activations'),
      mm('context_pv', seq, seq, dh, h, 'activations'),
      mm('out_proj', seq, d, d),
      mm('ffn1', seq, d, 4 * d),
      mm('ffn2', seq, 4 * d, d),
    ],
  };
}

/** The small networks trained by the accuracy engine. */
function mlpDigits(): Network {
  return {
    id: 'mlp-digits',
    name: 'MLP 64-32-10 (8 x 8 digits)',
    citation: 'accuracy engine (UCI optical digits, 8 x 8)',
    layers: [fc('fc1', 64, 32), fc('fc2', 32, 10)],
  };
}
function mlpMnist(): Network {
  return {
    id: 'mlp-mnist',
    name: 'MLP 784-128-10 (MNIST)',
    citation: 'accuracy engine (MNIST, LeCun 1998)',
    layers: [fc('fc1', 784, 128), fc('fc2', 128, 10)],
  };
}
function lenet(): Network {
  return {
    id: 'lenet',
    name: 'LeNet-like CNN (MNIST)',
    citation: 'LeCun, Bottou, Bengio, Haffner 1998 (LeNet-5 shapes)',
    notes:
      'conv 5 x 5 x 6 "same" on 28 x 28, 2 x 2 pool, conv 5 x 5 x 16 valid (14 -> 10), 2 x 2 pool, FC 400-120-84-10.',
    layers: [
      conv('conv1', 28, 5, 1, 6, 1, 2),
      conv('conv2', 14, 5, 6, 16, 1, 0),
      fc('fc1', 400, 120),
      fc('fc2', 120, 84),
      fc('fc3', 84, 10),
    ],
  };
}

const BUILDERS: Record<string, () => Network> = {
  alexnet,
  vgg16,
  resnet18,
  resnet50,
  mobilenetv2,
  'bert-base': bertBase,
  'mlp-digits': mlpDigits,
  'mlp-mnist': mlpMnist,
  lenet,
};

/** Ids of the built-in networks. */
export const NETWORK_IDS: readonly string[] = Object.keys(BUILDERS);

const cache = new Map<string, Network>();
/** A built-in network by id, or undefined. */
export function getNetwork(id: string): Network | undefined {
  const b = BUILDERS[id];
  if (!b) return undefined;
  let n = cache.get(id);
  if (!n) {
    n = b();
    cache.set(id, n);
  }
  return n;
}
