// NMS over 200 boxes of a 320x320 image (bench/fixed_point_mcu.py): 12
// objects, each with a cloud of overlapping proposals, as a detector's head
// gives them before NMS. Case 0: integer pixel corners (the fixed-point
// path); case 1: the same boxes moved by fractions of a pixel (the float
// formula, behind the per-box exactness test); cases 2-9 mix both. Cases 0
// and 1 are bracketed by bench_start() and bench_stop() for instruction
// counts; every case prints its kept indices, which must not depend on the
// strategy.
#include <stdint.h>
#include <stdio.h>

#include "nms200.h"

enum { N = 200, OBJECTS = 12, CASES = 10 };

__attribute__((noinline)) void bench_start(void) { __asm__ volatile(""); }
__attribute__((noinline)) void bench_stop(void) { __asm__ volatile(""); }

static uint32_t state = 3u;
static uint32_t next(void) {
  state = state * 1664525u + 1013904223u;
  return state >> 8;
}

static void fill(float boxes[N][4], float scores[N], int c) {
  int cx[OBJECTS], cy[OBJECTS], w[OBJECTS], h[OBJECTS];
  for (int o = 0; o < OBJECTS; ++o) {
    w[o] = 20 + (int)(next() % 80);
    h[o] = 20 + (int)(next() % 80);
    cx[o] = w[o] / 2 + (int)(next() % (unsigned)(320 - w[o]));
    cy[o] = h[o] / 2 + (int)(next() % (unsigned)(320 - h[o]));
  }
  for (int i = 0; i < N; ++i) {
    int o = (int)(next() % OBJECTS);
    int bw = w[o] + (int)(next() % 13) - 6, bh = h[o] + (int)(next() % 13) - 6;
    int x = cx[o] - bw / 2 + (int)(next() % 11) - 5;
    int y = cy[o] - bh / 2 + (int)(next() % 11) - 5;
    boxes[i][0] = (float)x;
    boxes[i][1] = (float)y;
    boxes[i][2] = (float)(x + bw);
    boxes[i][3] = (float)(y + bh);
    int fractional = c == 1 || (c >= 2 && next() % 4 == 0);
    if (fractional)
      for (int k = 0; k < 4; ++k)
        boxes[i][k] += (float)(1 + next() % 7) / 8.0f;
    scores[i] = (float)(next() % 1000) / 1000.0f;
  }
}

int main(void) {
  static float boxes[N][4], scores[N];
  static int32_t keep[NMS200_RESULT0_CAPACITY], count[1];
  for (int c = 0; c < CASES; ++c) {
    fill(boxes, scores, c);
    if (c <= 1)
      bench_start();
    nms200(&boxes[0][0], scores, keep, count);
    if (c <= 1)
      bench_stop();
    printf("case %d: %d:", c, (int)count[0]);
    for (int k = 0; k < (int)count[0]; ++k)
      printf(" %d", (int)keep[k]);
    printf("\n");
  }
  return 0;
}
