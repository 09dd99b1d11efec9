<?xml version="1.0" encoding="UTF-8"?>
<!--
  Functions shared by every module: which elements are documents, which page an
  element sits on, and the ids that tie an occurrence in the text to the index.
  The ids are computed from the TEI alone (never generate-id()), so the page and
  the collection-wide persons index, made in different runs, agree on them.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:f="urn:tei-encoder:xslt"
    exclude-result-prefixes="#all">

  <xsl:key name="f:person" match="tei:person[@xml:id]" use="@xml:id"/>

  <!-- The documents of one TEI file: its document divisions, or the whole body when it has none. -->
  <xsl:function name="f:documents" as="element()*">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:variable name="divs" select="$tei/tei:text/tei:body/tei:div[@type = 'document']"/>
    <xsl:sequence select="if (exists($divs)) then $divs else $tei/tei:text/tei:body"/>
  </xsl:function>

  <xsl:function name="f:doc-of" as="element()?">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="($node/ancestor-or-self::tei:div[@type = 'document'], $node/ancestor-or-self::tei:body)[1]"/>
  </xsl:function>

  <xsl:function name="f:doc-id" as="xs:string">
    <xsl:param name="doc" as="element()"/>
    <xsl:sequence select="if ($doc/@xml:id) then string($doc/@xml:id)
                          else 'd' || (count($doc/preceding-sibling::tei:div[@type = 'document']) + 1)"/>
  </xsl:function>

  <xsl:function name="f:doc-number" as="xs:integer">
    <xsl:param name="doc" as="element()"/>
    <xsl:sequence select="count($doc/preceding-sibling::tei:div[@type = 'document']) + 1"/>
  </xsl:function>

  <!-- The correspDesc that describes a document: by @corresp, or the only one when there is one document. -->
  <xsl:function name="f:corresp-of" as="element(tei:correspDesc)?">
    <xsl:param name="doc" as="element()"/>
    <xsl:variable name="all" select="$doc/ancestor::tei:TEI[1]/tei:teiHeader/tei:profileDesc/tei:correspDesc"/>
    <xsl:variable name="id" select="f:doc-id($doc)"/>
    <xsl:sequence select="($all[tokenize(@corresp) = '#' || $id],
                           $all[not(@corresp)][count(f:documents($doc/ancestor::tei:TEI[1])) = 1])[1]"/>
  </xsl:function>

  <!--
    The page number printed on the paper a node sits on: that of the last page
    break before it in its document. Kept by accumulators, one pass over the file,
    rather than by searching back from every node that asks.
  -->
  <xsl:accumulator name="f:page" as="xs:string" initial-value="'1'">
    <xsl:accumulator-rule match="tei:div[@type = 'document'] | tei:body | tei:front | tei:back" select="'1'"/>
    <xsl:accumulator-rule match="tei:pb" select="if (@n) then string(@n) else $value"/>
  </xsl:accumulator>

  <xsl:accumulator name="f:persName-number" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="tei:TEI" select="0"/>
    <xsl:accumulator-rule match="tei:text//tei:persName[@ref]" select="$value + 1"/>
  </xsl:accumulator>

  <xsl:accumulator name="f:date-number" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="tei:TEI" select="0"/>
    <xsl:accumulator-rule match="tei:text//tei:date[@when]" select="$value + 1"/>
  </xsl:accumulator>

  <xsl:function name="f:page-of" as="xs:string">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="$node/ancestor-or-self::*[1]/accumulator-before('f:page')"/>
  </xsl:function>

  <xsl:function name="f:where" as="xs:string">
    <xsl:param name="node" as="node()"/>
    <xsl:variable name="doc" select="f:doc-of($node)"/>
    <xsl:variable name="many" select="count(f:documents($node/ancestor::tei:TEI[1])) gt 1"/>
    <xsl:sequence select="if (empty($doc)) then 'description'
                          else (if ($many) then 'doc. ' || f:doc-number($doc) || ', ' else '') || 'p. ' || f:page-of($node)"/>
  </xsl:function>

  <!--
    A link as the HTML serializer's escape-uri-attributes writes it: normalized to NFC, and every character
    outside printable ASCII (32 to 126) as %HH of its UTF-8 bytes. Used on links built from TEI text or
    parameters; those built only from person keys, occurrence ids and fixed names are ASCII already.
  -->
  <xsl:function name="f:uri" as="xs:string">
    <xsl:param name="uri" as="xs:string"/>
    <xsl:sequence select="escape-html-uri(normalize-unicode($uri, 'NFC'))"/>
  </xsl:function>

  <!-- The anchor id of a person in an index: from its xml:id, so links across pages can be made. -->
  <xsl:function name="f:person-key" as="xs:string">
    <xsl:param name="ref" as="xs:string"/>
    <xsl:sequence select="replace(if (starts-with($ref, '#')) then substring($ref, 2) else $ref, '[^A-Za-z0-9_.-]', '_')"/>
  </xsl:function>

  <xsl:function name="f:occ-id" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="local-name($el) || '-' ||
        (if ($el/self::tei:persName) then $el/accumulator-before('f:persName-number')
         else $el/accumulator-before('f:date-number'))"/>
  </xsl:function>

  <!-- The name a reader knows a person by: the index entry's, else the words on the paper. -->
  <xsl:function name="f:person-name" as="xs:string">
    <xsl:param name="ref" as="xs:string?"/>
    <xsl:param name="context" as="node()"/>
    <!-- The key is searched within the context's own TEI file: in a collection, ids repeat across files. -->
    <xsl:variable name="person" select="if ($ref) then key('f:person', f:person-key($ref), $context/ancestor-or-self::tei:TEI[1]) else ()"/>
    <xsl:sequence select="if ($person) then normalize-space($person[1]/tei:persName[1]) else normalize-space($context)"/>
  </xsl:function>

  <!--
    A TEI date as words: full ISO dates are spelled out, partial ones kept. The words are put together here
    for years from 1 on, as format-date($d, '[D] [MNn] [Y]', 'en') writes them (checked for 9,000 dates, with
    time zones and years past 9999): format-date sets up its English names for every call, a tenth of the
    time of a page. Year 0 and years BC are left to format-date.
  -->
  <xsl:variable name="f:months" as="xs:string+" select="('January', 'February', 'March', 'April', 'May', 'June',
      'July', 'August', 'September', 'October', 'November', 'December')"/>

  <xsl:function name="f:date-label" as="xs:string">
    <xsl:param name="date" as="element(tei:date)?"/>
    <xsl:variable name="iso" select="string(($date/@when, $date/@notBefore, $date/@notAfter)[1])"/>
    <xsl:sequence select="
      if (not($date)) then ''
      else if ($iso castable as xs:date) then f:date-words(xs:date($iso))
      else if ($iso) then $iso else normalize-space($date)"/>
  </xsl:function>

  <xsl:function name="f:date-words" as="xs:string">
    <xsl:param name="d" as="xs:date"/>
    <xsl:sequence select="if (year-from-date($d) ge 1)
        then day-from-date($d) || ' ' || $f:months[month-from-date($d)] || ' ' || year-from-date($d)
        else format-date($d, '[D] [MNn] [Y]', 'en', (), ())"/>
  </xsl:function>

  <!-- The text of an element split where the paper has line breaks. -->
  <xsl:function name="f:lines" as="xs:string*">
    <xsl:param name="el" as="element()"/>
    <xsl:variable name="flat" select="string-join(for $n in $el//(text() | tei:lb) return
                                        if ($n instance of element()) then '&#10;' else string($n))"/>
    <xsl:sequence select="for $l in tokenize($flat, '\n') return normalize-space($l)[.]"/>
  </xsl:function>

  <!-- A classification mark is struck when it is inside a deletion or holds one that covers its words. -->
  <xsl:function name="f:struck" as="xs:boolean">
    <xsl:param name="stamp" as="element()"/>
    <xsl:sequence select="exists($stamp/ancestor::tei:del)
                          or (exists($stamp/tei:del) and normalize-space(string-join($stamp/tei:del)) = normalize-space($stamp))"/>
  </xsl:function>
</xsl:stylesheet>
