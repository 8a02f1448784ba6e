#ifndef BASELINE_NMS_H
#define BASELINE_NMS_H
#include <math.h>
#include <stdint.h>
#ifndef BASELINE_MAX_BOXES
#define BASELINE_MAX_BOXES 2000
#endif
int32_t baseline_nms(const float (*boxes)[4], const float *scores, int32_t n,
                     float iou_threshold, int32_t *keep);
int32_t baseline_ssd(const float (*encodings)[4], const float (*anchors)[4],
                     const float *scores, int32_t *keep);
#endif
