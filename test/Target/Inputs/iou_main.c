// Runs a 32x32 IoU (test/Target/Inputs/iou32.mlir) on deterministic boxes
// and prints each row's bit patterns hashed, so that host and emulated-chip
// runs can be compared exactly. Cases 0-9: integer pixel boxes of a 320x320
// image (some empty, flipped or sharing an edge); cases 10-14: the same with
// fractional coordinates. Cases 0 and 10 are bracketed by bench_start() and
// bench_stop() for instruction counts (bench/fixed_point_mcu.py).
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "iou32.h"

enum { N = 32, CASES = 15 };

__attribute__((noinline)) void bench_start(void) { __asm__ volatile(""); }
__attribute__((noinline)) void bench_stop(void) { __asm__ volatile(""); }

static uint32_t state = 11u;
static uint32_t next(void) {
  state = state * 1664525u + 1013904223u;
  return state >> 8;
}

static void fill(float boxes[N][4], int fractional) {
  for (int i = 0; i < N; ++i) {
    float x = (float)(next() % 280), y = (float)(next() % 280);
    float w = (float)(next() % 60), h = (float)(next() % 60);
    if (fractional) {
      x += (float)(next() % 8) / 8.0f + 0.1f;
      w += 0.3f;
    }
    boxes[i][0] = x;
    boxes[i][1] = y;
    boxes[i][2] = x + w;
    boxes[i][3] = y + h;
    if (next() % 16 == 0) { // flipped
      boxes[i][0] = x + w;
      boxes[i][2] = x;
    }
  }
}

int main(void) {
  static float a[N][4], b[N][4], iou[N][N];
  for (int c = 0; c < CASES; ++c) {
    fill(a, c >= 10);
    fill(b, c >= 10);
    if (c == 0 || c == 10) {
      bench_start();
      iou32(&a[0][0], &b[0][0], &iou[0][0]);
      bench_stop();
    } else {
      iou32(&a[0][0], &b[0][0], &iou[0][0]);
    }
    printf("case %d:", c);
    for (int i = 0; i < N; ++i) {
      uint32_t hash = 2166136261u;
      for (int j = 0; j < N; ++j) {
        // 0/0 (two empty boxes) is a NaN whose sign bit is the FPU's or
        // the soft-float library's choice: all NaNs hash alike.
        uint32_t bits = 0x7fc00000u;
        if (iou[i][j] == iou[i][j])
          memcpy(&bits, &iou[i][j], sizeof bits);
        hash = (hash ^ bits) * 16777619u;
      }
      printf(" %08lx", (unsigned long)hash);
    }
    printf("\n");
  }
  return 0;
}
