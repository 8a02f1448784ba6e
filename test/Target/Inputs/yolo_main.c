// Runs the YOLO heads (v8 and v5) of yolo_postprocess.mlir on deterministic clustered
// inputs (objects with jittered boxes, scores on a coarse grid so that equal
// scores and scores at the threshold occur) and prints every output bit
// pattern, so that host and emulated-chip runs compare exactly.
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "yolo.h"

enum { CLASSES = 20, ROWS = 4 + CLASSES, N = 400, CASES = 20 };

static uint32_t state = 2024u;
static uint32_t next(uint32_t bound) {
  state = state * 1664525u + 1013904223u;
  return (state >> 8) % bound;
}

static int8_t q[ROWS][N];
// The same bytes as a YOLOv5 head [N, 4 + 1 + 19]: row 4 is the objectness.
static int8_t v5[N][ROWS];
static float f[ROWS][N];

// Values in [0, 1] on a grid of 1/64; int8 with scale 1/255, zero point -128.
static void fill(void) {
  uint32_t objects = 1 + next(6);
  for (int a = 0; a < N; ++a) {
    uint32_t o = next(objects);
    uint32_t v[4] = {8 + o * 9 + next(3), 10 + o * 7 + next(3), 4 + next(4), 4 + next(4)};
    for (int r = 0; r < 4; ++r) {
      f[r][a] = (float)v[r] / 64.0f;
      q[r][a] = (int8_t)((int)(v[r] * 4) - 128);
    }
    for (int c = 0; c < CLASSES; ++c) {
      uint32_t s = next(24) == 0 ? 8 + next(56) : next(12);
      if ((uint32_t)c == (o * 3) % CLASSES && next(4) == 0)
        s = 16 + next(48);
      f[4 + c][a] = (float)s / 64.0f;
      q[4 + c][a] = (int8_t)((int)(s * 4) - 128);
    }
  }
}

static void print(const char *name, int c, const float *boxes, const float *scores,
                  const int32_t *classes, int32_t count, int rows) {
  printf("%s case %d: %d:", name, c, (int)count);
  for (int i = 0; i < rows; ++i) {
    uint32_t bits[5];
    memcpy(bits, &boxes[4 * i], 16);
    memcpy(&bits[4], &scores[i], 4);
    printf(" %d/%08lx/%08lx/%08lx/%08lx/%08lx", (int)classes[i], (unsigned long)bits[0],
           (unsigned long)bits[1], (unsigned long)bits[2], (unsigned long)bits[3],
           (unsigned long)bits[4]);
  }
  printf("\n");
}

int main(void) {
  static float boxes[100][4], scores[100];
  static int32_t classes[100];
  int32_t count[1];
  for (int c = 0; c < CASES; ++c) {
    fill();
    yolo_int8(&q[0][0], &boxes[0][0], scores, classes, count);
    print("int8", c, &boxes[0][0], scores, classes, count[0], 50);
    yolo_f32(&f[0][0], &boxes[0][0], scores, classes, count);
    print("f32", c, &boxes[0][0], scores, classes, count[0], 50);
    yolo_st(&q[0][0], &boxes[0][0], scores, classes, count);
    print("st", c, &boxes[0][0], scores, classes, count[0], 100);
    for (int a = 0; a < N; ++a)
      for (int r = 0; r < ROWS; ++r)
        v5[a][r] = q[r][a];
    yolo_v5(&v5[0][0], &boxes[0][0], scores, classes, count);
    print("v5", c, &boxes[0][0], scores, classes, count[0], 50);
  }
  return 0;
}
