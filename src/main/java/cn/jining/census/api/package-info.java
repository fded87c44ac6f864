/**
 * What every HTTP answer of the service has in common, whatever stage serves it: the shape of
 * error bodies. Stages keep their own resources; this package holds no endpoint.
 */
package cn.jining.census.api;
