(ns metabase.driver.journeymap
  "Metabase driver for Journeymap journey stores, over the jdbc:journeymap: JDBC driver in the
  same jar. Kept declarative on purpose: the SQL it emits for dates and times is read from
  metabase/driver/journeymap/sql.properties, which the project's tests run against the JDBC
  driver unit by unit."
  (:require
   [clojure.java.io :as io]
   [clojure.string :as str]
   [metabase.driver :as driver]
   [metabase.driver.sql-jdbc.connection :as sql-jdbc.conn]
   [metabase.driver.sql-jdbc.sync :as sql-jdbc.sync]
   [metabase.driver.sql.query-processor :as sql.qp])
  (:import
   (java.util Properties)))

(set! *warn-on-reflection* true)

(driver/register! :journeymap, :parent :sql-jdbc)

;;; SQL templates

(def ^:private templates
  (with-open [^java.io.InputStream in (io/input-stream (io/resource "metabase/driver/journeymap/sql.properties"))]
    (let [p (Properties.)]
      (.load p in)
      (into {} (map (fn [k] [k (str/trim (.getProperty p k))])) (.stringPropertyNames p)))))

(defn- sql-form
  "A Honey SQL form of `x`: forms pass through, numbers are written out, anything else (a bare
  column keyword) is wrapped so that it is formatted rather than pasted."
  [x]
  (cond
    (sequential? x) x
    (ratio? x)      (double x)
    (number? x)     x
    :else           [:coalesce x]))

(defn- template
  "The Honey SQL form of template `k` with its {placeholders} replaced by `values`."
  [k values]
  (let [text (or (get templates k)
                 (throw (ex-info (str "Journeymap has no SQL for " k) {:template k})))]
    [:raw (mapv (fn [[whole placeholder]]
                  (if placeholder
                    (sql-form (get values (keyword placeholder)))
                    whole))
                (re-seq #"\{([a-z]+)\}|[^{]+" text))]))

;;; Dates and times

(doseq [k (keys templates)
        :when (str/starts-with? k "date.")]
  (defmethod sql.qp/date [:journeymap (keyword (subs k (count "date.")))]
    [_driver _unit expr]
    (template k {:expr expr})))

;; Store weeks start on Monday; Metabase moves them to its start-of-week setting.
(defmethod driver/db-start-of-week :journeymap [_driver] :monday)

(defmethod sql.qp/date [:journeymap :week]
  [driver _unit expr]
  (sql.qp/adjust-start-of-week driver #(template "date.week" {:expr %}) expr))

(defmethod sql.qp/date [:journeymap :day-of-week]
  [driver _unit expr]
  (sql.qp/adjust-day-of-week driver (template "date.day-of-week" {:expr expr})))

(defmethod sql.qp/add-interval-honeysql-form :journeymap
  [_driver form amount unit]
  (template (str "add-interval." (name unit)) {:expr form, :amount amount}))

(defmethod sql.qp/current-datetime-honeysql-form :journeymap
  [_driver]
  (template "current-datetime" {}))

(defmethod sql.qp/unix-timestamp->honeysql [:journeymap :seconds]
  [_driver _resolution expr]
  (template "unix-timestamp.seconds" {:expr expr}))

(defmethod sql.qp/unix-timestamp->honeysql [:journeymap :milliseconds]
  [_driver _resolution expr]
  (template "unix-timestamp.milliseconds" {:expr expr}))

(defmethod sql.qp/unix-timestamp->honeysql [:journeymap :microseconds]
  [_driver _resolution expr]
  (template "unix-timestamp.microseconds" {:expr expr}))

;; Every store time is a UTC wall clock and the engine's zone is locked to UTC.
(defmethod driver/db-default-timezone :journeymap [_driver _database] "UTC")

;;; Connection

(defmethod sql-jdbc.conn/connection-details->spec :journeymap
  [_driver {:keys [model server token additional-options]}]
  (let [present  #(when-not (str/blank? %) (str/trim %))
        target   (cond
                   (present server) (str "server=" (present server))
                   (present model)  (str "model=" (present model))
                   :else (throw (ex-info "Give the model file or the URL of a Journeymap server."
                                         {:details [:model :server]})))
        options  (present additional-options)]
    (cond-> {:classname   "io.journeymap.jdbc.JourneymapDriver"
             :subprotocol "journeymap"
             :subname     (cond-> target options (str ";" options))}
      (present token) (assoc :user "journeymap" :password (present token)))))

;;; Types: the store's column types and what the engine reports for query results

(def ^:private base-types
  {"BOOLEAN"                  :type/Boolean
   "TINYINT"                  :type/Integer
   "SMALLINT"                 :type/Integer
   "INTEGER"                  :type/Integer
   "BIGINT"                   :type/BigInteger
   "HUGEINT"                  :type/BigInteger
   "UTINYINT"                 :type/Integer
   "USMALLINT"                :type/Integer
   "UINTEGER"                 :type/BigInteger
   "UBIGINT"                  :type/BigInteger
   "FLOAT"                    :type/Float
   "DOUBLE"                   :type/Float
   "DECIMAL"                  :type/Decimal
   "VARCHAR"                  :type/Text
   "JSON"                     :type/JSON
   "UUID"                     :type/UUID
   "DATE"                     :type/Date
   "TIME"                     :type/Time
   "TIMESTAMP"                :type/DateTime
   "TIMESTAMP WITH TIME ZONE" :type/DateTimeWithLocalTZ
   "INTERVAL"                 :type/*
   "BLOB"                     :type/*})

(defmethod sql-jdbc.sync/database-type->base-type :journeymap
  [_driver database-type]
  ;; DECIMAL(18,3) -> DECIMAL; lists, structs and maps stay :type/*
  (get base-types (-> (name database-type) str/upper-case (str/replace #"\(.*\)$" "")) :type/*))

;;; Features the store cannot offer

(doseq [[feature supported?] {:foreign-keys                    false
                              :metadata/key-constraints        false
                              :set-timezone                    false
                              :convert-timezone                false
                              :datetime-diff                   false
                              :regex                           false
                              :connection-impersonation        false
                              :uploads                         false
                              :actions                         false
                              :table-privileges                false
                              :describe-fks                    false
                              :nested-queries                  true
                              :expressions                     true
                              :standard-deviation-aggregations true
                              :percentile-aggregations         true
                              :now                             true}]
  (defmethod driver/database-supports? [:journeymap feature] [_driver _feature _database] supported?))
