<?xml version="1.0" encoding="UTF-8"?>
<!--
  Names and dates: each person and dated mention links to the index at the foot
  of the page, and each index entry links back to every place it is mentioned,
  so a reader can follow a person through a file in both directions.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:f="urn:tei-encoder:xslt"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:template match="tei:text//tei:persName[@ref]" priority="1">
    <a class="person" id="{f:occ-id(.)}" href="#person-{f:person-key(@ref)}"
       title="{f:person-name(@ref, .)}"><xsl:apply-templates/></a>
  </xsl:template>

  <xsl:template match="tei:text//tei:persName | tei:text//tei:orgName">
    <span class="{local-name()}"><xsl:apply-templates/></span>
  </xsl:template>

  <xsl:template match="tei:text//tei:placeName">
    <span class="place"><xsl:apply-templates/></span>
  </xsl:template>

  <xsl:template match="tei:text//tei:date[@when]" priority="1">
    <a class="date" id="{f:occ-id(.)}" href="{f:uri('#date-' || @when)}">
      <time datetime="{@when}"><xsl:apply-templates/></time>
    </a>
  </xsl:template>

  <xsl:template match="tei:text//tei:date">
    <span class="date"><xsl:apply-templates/></span>
  </xsl:template>

  <!-- Context: the TEI element. -->
  <xsl:template name="f:page-index">
    <xsl:variable name="mentions" select="tei:text//tei:persName[@ref]"/>
    <xsl:variable name="dates" select="tei:text//tei:date[@when]"/>
    <xsl:variable name="listed" select="tei:teiHeader//tei:listPerson/tei:person[@xml:id]"/>
    <section class="index" aria-labelledby="index-h">
      <h2 id="index-h">Index</h2>
      <h3 id="persons-h">Persons</h3>
      <xsl:choose>
        <xsl:when test="empty($mentions) and empty($listed)"><p>No persons are identified in this file.</p></xsl:when>
        <xsl:otherwise>
          <ul class="persons" aria-labelledby="persons-h">
            <!--
              One entry per person key, listed persons first, in the order the keys first occur; each
              person and mention is keyed once, where searching the lists again for every key made the
              index grow as the square of the mentions.
            -->
            <xsl:for-each-group select="$listed, $mentions"
                group-by="f:person-key(if (self::tei:person) then @xml:id else @ref)">
              <xsl:sort select="f:sort-name(f:group-name(current-group()))"/>
              <xsl:variable name="key" select="current-grouping-key()"/>
              <xsl:variable name="person" select="current-group()[self::tei:person][1]"/>
              <xsl:variable name="here" select="current-group()[self::tei:persName]"/>
              <li id="person-{$key}">
                <span class="person-name">{f:group-name(current-group())}</span>
                <xsl:call-template name="f:idnos"><xsl:with-param name="person" select="$person"/></xsl:call-template>
                <xsl:choose>
                  <xsl:when test="$here">
                    <xsl:text>: </xsl:text>
                    <xsl:call-template name="f:backlinks"><xsl:with-param name="mentions" select="$here"/></xsl:call-template>
                  </xsl:when>
                  <xsl:otherwise><span class="not-in-text"> (named in the header only)</span></xsl:otherwise>
                </xsl:choose>
              </li>
            </xsl:for-each-group>
          </ul>
        </xsl:otherwise>
      </xsl:choose>
      <h3 id="dates-h">Dates</h3>
      <xsl:choose>
        <xsl:when test="empty($dates)"><p>No dates are identified in the text.</p></xsl:when>
        <xsl:otherwise>
          <ul class="dates" aria-labelledby="dates-h">
            <xsl:for-each-group select="$dates" group-by="string(@when)">
              <xsl:sort select="current-grouping-key()"/>
              <li id="date-{current-grouping-key()}">
                <time datetime="{current-grouping-key()}">{f:date-label(current-group()[1])}</time>
                <xsl:text>: </xsl:text>
                <xsl:call-template name="f:backlinks"><xsl:with-param name="mentions" select="current-group()"/></xsl:call-template>
              </li>
            </xsl:for-each-group>
          </ul>
        </xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <!--
    Links from an index entry to each mention, labelled by where it is; a second
    mention on the same page is told apart by its number, so no two links read alike.
  -->
  <xsl:template name="f:backlinks">
    <xsl:param name="mentions" as="element()*"/>
    <xsl:param name="href" as="xs:string" select="''"/>
    <!-- How often each label has come so far is carried along, not counted again for every link. -->
    <xsl:variable name="page" select="f:uri($href)"/>
    <xsl:iterate select="$mentions">
      <xsl:param name="seen" as="map(xs:string, xs:integer)" select="map{}"/>
      <xsl:variable name="where" select="f:where(.)"/>
      <xsl:variable name="same" select="($seen($where), 0)[1] + 1"/>
      <a class="backlink" href="{$page}#{f:occ-id(.)}">{$where}<xsl:if test="$same gt 1"> ({$same})</xsl:if></a>
      <xsl:if test="position() ne last()">, </xsl:if>
      <xsl:next-iteration><xsl:with-param name="seen" select="map:put($seen, $where, $same)"/></xsl:next-iteration>
    </xsl:iterate>
  </xsl:template>

  <!-- Authority records: Wikidata and VIAF identifiers become links (followed only if the reader clicks). -->
  <xsl:template name="f:idnos">
    <xsl:param name="person" as="element(tei:person)?"/>
    <xsl:for-each select="$person/tei:idno[@type = ('wikidata', 'VIAF', 'viaf')][normalize-space()]">
      <xsl:variable name="id" select="normalize-space(.)"/>
      <xsl:text> </xsl:text>
      <a class="authority-link" rel="external"
         href="{f:uri(if (@type = 'wikidata') then 'https://www.wikidata.org/wiki/' || $id else 'https://viaf.org/viaf/' || $id)}">
        <xsl:value-of select="if (@type = 'wikidata') then 'Wikidata ' || $id else 'VIAF ' || $id"/>
      </a>
    </xsl:for-each>
  </xsl:template>

  <!-- The name of a person's group (listed persons first, then mentions): the index entry's, else the first mention's. -->
  <xsl:function name="f:group-name" as="xs:string">
    <xsl:param name="group" as="element()*"/>
    <xsl:variable name="person" select="$group[self::tei:person][1]"/>
    <xsl:sequence select="if ($person) then normalize-space($person/tei:persName[1]) else normalize-space($group[1])"/>
  </xsl:function>

  <!-- "Harry S. Truman" sorts under T: the last word of a name, then the rest. -->
  <xsl:function name="f:sort-name" as="xs:string">
    <xsl:param name="name" as="xs:string"/>
    <xsl:variable name="words" select="tokenize(normalize-space($name))"/>
    <xsl:sequence select="lower-case(string-join(($words[last()], $words[position() lt last()]), ' '))"/>
  </xsl:function>
</xsl:stylesheet>
